/**
 * Hand-written multilingual samples for the language detector evaluation: for each language one
 * headline-length text (short) and one paragraph (long), in the register of diplomatic news.
 */
export interface LanguageSample {
  lang: string;
  kind: 'short' | 'long';
  text: string;
}

const raw: Array<[string, string, string]> = [
  [
    'en',
    'Foreign minister meets his counterpart in Ankara',
    'The foreign ministers of the two countries met on Tuesday to discuss trade, energy and regional security. Both sides agreed to open a new consulate next year and to hold the next round of talks in the spring. The joint statement stressed the importance of dialogue and mutual respect.',
  ],
  [
    'tr',
    'Dışişleri Bakanı mevkidaşıyla Ankara’da görüştü',
    'İki ülkenin dışişleri bakanları salı günü ticaret, enerji ve bölgesel güvenlik konularını görüşmek üzere bir araya geldi. Taraflar gelecek yıl yeni bir konsolosluk açılması ve bir sonraki görüşme turunun ilkbaharda yapılması konusunda anlaştı. Ortak açıklamada diyalog ve karşılıklı saygının önemi vurgulandı.',
  ],
  [
    'ru',
    'Министр иностранных дел встретился с коллегой в Анкаре',
    'Министры иностранных дел двух стран встретились во вторник, чтобы обсудить торговлю, энергетику и региональную безопасность. Стороны договорились открыть новое консульство в следующем году и провести следующий раунд переговоров весной. В совместном заявлении подчеркивается важность диалога и взаимного уважения.',
  ],
  [
    'uk',
    'Міністр закордонних справ зустрівся з колегою в Анкарі',
    'Міністри закордонних справ двох країн зустрілися у вівторок, щоб обговорити торгівлю, енергетику та регіональну безпеку. Сторони домовилися відкрити нове консульство наступного року і провести наступний раунд переговорів навесні. У спільній заяві наголошується на важливості діалогу та взаємної поваги.',
  ],
  [
    'zh',
    '外交部长在安卡拉会见土耳其外长',
    '两国外交部长周二举行会谈，讨论了贸易、能源和地区安全问题。双方同意明年开设一个新的领事馆，并于春季举行下一轮会谈。联合声明强调了对话和相互尊重的重要性。',
  ],
  [
    'ja',
    '外務大臣がアンカラでトルコ外相と会談',
    '両国の外務大臣は火曜日に会談し、貿易、エネルギー、地域の安全保障について話し合いました。双方は来年新しい領事館を開設し、次回の協議を春に行うことで合意しました。共同声明は対話と相互尊重の重要性を強調しています。',
  ],
  [
    'ko',
    '외교부 장관, 앙카라에서 튀르키예 외무장관과 회담',
    '양국 외교부 장관은 화요일 회담을 갖고 무역, 에너지, 지역 안보 문제를 논의했다. 양측은 내년에 새로운 영사관을 개설하고 다음 회담을 봄에 열기로 합의했다. 공동성명은 대화와 상호 존중의 중요성을 강조했다.',
  ],
  [
    'ar',
    'وزير الخارجية يلتقي نظيره التركي في أنقرة',
    'التقى وزيرا خارجية البلدين يوم الثلاثاء لبحث التجارة والطاقة والأمن الإقليمي. واتفق الجانبان على افتتاح قنصلية جديدة العام المقبل وعقد الجولة المقبلة من المحادثات في الربيع. وأكد البيان المشترك على أهمية الحوار والاحترام المتبادل.',
  ],
  [
    'fa',
    'وزیر امور خارجه با همتای ترک خود در آنکارا دیدار کرد',
    'وزرای امور خارجه دو کشور روز سه‌شنبه برای گفتگو درباره تجارت، انرژی و امنیت منطقه‌ای با یکدیگر دیدار کردند. دو طرف توافق کردند که سال آینده یک کنسولگری جدید افتتاح کنند و دور بعدی مذاکرات را در بهار برگزار کنند. در بیانیه مشترک بر اهمیت گفتگو و احترام متقابل تأکید شد.',
  ],
  [
    'fr',
    'Le ministre des Affaires étrangères rencontre son homologue à Ankara',
    'Les ministres des Affaires étrangères des deux pays se sont réunis mardi pour discuter du commerce, de l’énergie et de la sécurité régionale. Les deux parties ont convenu d’ouvrir un nouveau consulat l’année prochaine et de tenir le prochain cycle de discussions au printemps. La déclaration commune souligne l’importance du dialogue et du respect mutuel.',
  ],
  [
    'de',
    'Außenminister trifft seinen Amtskollegen in Ankara',
    'Die Außenminister beider Länder trafen sich am Dienstag, um über Handel, Energie und regionale Sicherheit zu sprechen. Beide Seiten vereinbarten, im nächsten Jahr ein neues Konsulat zu eröffnen und die nächste Gesprächsrunde im Frühjahr abzuhalten. Die gemeinsame Erklärung betont die Bedeutung des Dialogs und des gegenseitigen Respekts.',
  ],
  [
    'es',
    'El ministro de Asuntos Exteriores se reúne con su homólogo en Ankara',
    'Los ministros de Asuntos Exteriores de ambos países se reunieron el martes para conversar sobre comercio, energía y seguridad regional. Las dos partes acordaron abrir un nuevo consulado el próximo año y celebrar la siguiente ronda de conversaciones en primavera. La declaración conjunta subraya la importancia del diálogo y el respeto mutuo.',
  ],
  [
    'it',
    'Il ministro degli Esteri incontra il suo omologo ad Ankara',
    'I ministri degli Esteri dei due paesi si sono incontrati martedì per discutere di commercio, energia e sicurezza regionale. Le due parti hanno concordato di aprire un nuovo consolato il prossimo anno e di tenere il prossimo ciclo di colloqui in primavera. La dichiarazione congiunta sottolinea l’importanza del dialogo e del rispetto reciproco.',
  ],
  [
    'pt',
    'Ministro dos Negócios Estrangeiros reúne-se com o seu homólogo em Ancara',
    'Os ministros dos Negócios Estrangeiros dos dois países reuniram-se na terça-feira para discutir comércio, energia e segurança regional. As duas partes concordaram em abrir um novo consulado no próximo ano e em realizar a próxima ronda de conversações na primavera. A declaração conjunta sublinha a importância do diálogo e do respeito mútuo.',
  ],
  [
    'nl',
    'Minister van Buitenlandse Zaken ontmoet zijn ambtgenoot in Ankara',
    'De ministers van Buitenlandse Zaken van beide landen kwamen dinsdag bijeen om te praten over handel, energie en regionale veiligheid. Beide partijen kwamen overeen volgend jaar een nieuw consulaat te openen en de volgende gespreksronde in het voorjaar te houden. De gezamenlijke verklaring benadrukt het belang van dialoog en wederzijds respect.',
  ],
  [
    'pl',
    'Minister spraw zagranicznych spotkał się ze swoim odpowiednikiem w Ankarze',
    'Ministrowie spraw zagranicznych obu krajów spotkali się we wtorek, aby omówić handel, energetykę i bezpieczeństwo regionalne. Obie strony uzgodniły otwarcie nowego konsulatu w przyszłym roku i przeprowadzenie kolejnej rundy rozmów wiosną. Wspólne oświadczenie podkreśla znaczenie dialogu i wzajemnego szacunku.',
  ],
  [
    'az',
    'Xarici işlər naziri Ankarada həmkarı ilə görüşüb',
    'İki ölkənin xarici işlər nazirləri çərşənbə axşamı ticarət, enerji və regional təhlükəsizlik məsələlərini müzakirə etmək üçün görüşüblər. Tərəflər gələn il yeni konsulluq açmaq və növbəti danışıqlar raundunu yazda keçirmək barədə razılığa gəliblər. Birgə bəyanatda dialoqun və qarşılıqlı hörmətin vacibliyi vurğulanıb.',
  ],
  [
    'kk',
    'Сыртқы істер министрі Анкарада әріптесімен кездесті',
    'Екі елдің сыртқы істер министрлері сейсенбі күні сауда, энергетика және өңірлік қауіпсіздік мәселелерін талқылау үшін кездесті. Тараптар келесі жылы жаңа консулдық ашуға және келіссөздердің келесі кезеңін көктемде өткізуге келісті. Бірлескен мәлімдемеде диалог пен өзара құрметтің маңыздылығы атап өтілді.',
  ],
  [
    'bg',
    'Министърът на външните работи се срещна с колегата си в Анкара',
    'Министрите на външните работи на двете страни се срещнаха във вторник, за да обсъдят търговията, енергетиката и регионалната сигурност. Двете страни се договориха да открият ново консулство през следващата година и да проведат следващия кръг от разговори през пролетта. Съвместното изявление подчертава значението на диалога и взаимното уважение.',
  ],
  [
    'el',
    'Ο υπουργός Εξωτερικών συναντήθηκε με τον ομόλογό του στην Άγκυρα',
    'Οι υπουργοί Εξωτερικών των δύο χωρών συναντήθηκαν την Τρίτη για να συζητήσουν το εμπόριο, την ενέργεια και την περιφερειακή ασφάλεια. Οι δύο πλευρές συμφώνησαν να ανοίξει νέο προξενείο τον επόμενο χρόνο και να πραγματοποιηθεί ο επόμενος γύρος συνομιλιών την άνοιξη. Η κοινή δήλωση τονίζει τη σημασία του διαλόγου και του αμοιβαίου σεβασμού.',
  ],
  [
    'hu',
    'A külügyminiszter Ankarában találkozott török kollégájával',
    'A két ország külügyminiszterei kedden találkoztak, hogy megvitassák a kereskedelem, az energia és a regionális biztonság kérdéseit. A felek megállapodtak abban, hogy jövőre új konzulátust nyitnak, és a tárgyalások következő fordulóját tavasszal tartják. A közös nyilatkozat hangsúlyozza a párbeszéd és a kölcsönös tisztelet fontosságát.',
  ],
  [
    'id',
    'Menteri Luar Negeri bertemu mitranya di Ankara',
    'Para menteri luar negeri kedua negara bertemu pada hari Selasa untuk membahas perdagangan, energi, dan keamanan kawasan. Kedua pihak sepakat untuk membuka konsulat baru tahun depan dan mengadakan putaran perundingan berikutnya pada musim semi. Pernyataan bersama menekankan pentingnya dialog dan saling menghormati.',
  ],
  [
    'cs',
    'Ministr zahraničí se v Ankaře setkal se svým protějškem',
    'Ministři zahraničí obou zemí se v úterý sešli, aby jednali o obchodu, energetice a regionální bezpečnosti. Obě strany se dohodly, že příští rok otevřou nový konzulát a další kolo rozhovorů uspořádají na jaře. Společné prohlášení zdůrazňuje význam dialogu a vzájemného respektu.',
  ],
  [
    'sv',
    'Utrikesministern träffade sin kollega i Ankara',
    'De två ländernas utrikesministrar träffades på tisdagen för att diskutera handel, energi och regional säkerhet. Båda sidor kom överens om att öppna ett nytt konsulat nästa år och att hålla nästa förhandlingsrunda under våren. Det gemensamma uttalandet betonar vikten av dialog och ömsesidig respekt.',
  ],
  [
    'ro',
    'Ministrul de externe s-a întâlnit cu omologul său la Ankara',
    'Miniștrii de externe ai celor două țări s-au întâlnit marți pentru a discuta despre comerț, energie și securitate regională. Cele două părți au convenit să deschidă un nou consulat anul viitor și să organizeze următoarea rundă de discuții în primăvară. Declarația comună subliniază importanța dialogului și a respectului reciproc.',
  ],
  [
    'hi',
    'विदेश मंत्री ने अंकारा में अपने समकक्ष से मुलाकात की',
    'दोनों देशों के विदेश मंत्रियों ने मंगलवार को व्यापार, ऊर्जा और क्षेत्रीय सुरक्षा पर चर्चा करने के लिए मुलाकात की। दोनों पक्ष अगले वर्ष एक नया वाणिज्य दूतावास खोलने और वार्ता का अगला दौर वसंत में आयोजित करने पर सहमत हुए। संयुक्त बयान में संवाद और परस्पर सम्मान के महत्व पर बल दिया गया।',
  ],
  [
    'he',
    'שר החוץ נפגש עם עמיתו באנקרה',
    'שרי החוץ של שתי המדינות נפגשו ביום שלישי כדי לדון בסחר, באנרגיה ובביטחון האזורי. הצדדים הסכימו לפתוח קונסוליה חדשה בשנה הבאה ולקיים את סבב השיחות הבא באביב. ההצהרה המשותפת הדגישה את חשיבות הדיאלוג והכבוד ההדדי.',
  ],
];

export const languageSamples: LanguageSample[] = raw.flatMap(([lang, short, long]) => [
  { lang, kind: 'short' as const, text: short },
  { lang, kind: 'long' as const, text: long },
]);
