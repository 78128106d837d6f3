/*
 * clusterdesk demo: a realistic demo cluster, and the data generator the
 * benchmarks use. Organisations of every kind (SMEs the majority, as in
 * real clusters) from Ukraine, Sweden, Germany and Poland, with names,
 * places, registration numbers, NACE codes, tags from the EU's industrial
 * ecosystems and key enabling technologies, and contact people with
 * native names, e-mail addresses at their organisation's domain, phones
 * and consent records.
 *
 * The generator is deterministic for a seed: it draws from its own
 * splitmix64 generator only (never rand()), and in the same order whether
 * it loads a database or writes a CSV file. It never reads the clock
 * except to bound consent dates by today, which --today fixes.
 *
 * Loading is one transaction: the cluster, its three users, every
 * organisation and every contact are stored together or not at all, and
 * a second run finds the cluster and changes nothing.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "cli/cli.h"

#define DEMO_DEFAULT_NAME "Demo Cluster"
#define DEMO_DEFAULT_SLUG "demo-cluster"
#define DEMO_DEFAULT_PASSWORD "demo-password"
#define DEMO_MAX_ORGS 1000000
#define DEMO_MAX_CONTACTS 5000000
#define DEMO_MAX_ACTIVITIES 20000000
/* Attempts at a fresh name before a number makes it unique. */
#define DEMO_NAME_TRIES 40

/* ---- the generator's random numbers: splitmix64 ---- */

struct demo_rng {
    uint64_t state;
};

static uint64_t
demo_rng_next(struct demo_rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A number in [0, n); the modulo bias is far below what a demo shows. */
static size_t
demo_rng_below(struct demo_rng *r, size_t n)
{
    return n ? (size_t)(demo_rng_next(r) % n) : 0;
}

static int64_t
demo_rng_range(struct demo_rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)demo_rng_below(r, (size_t)(hi - lo + 1));
}

static bool
demo_rng_percent(struct demo_rng *r, unsigned percent)
{
    return demo_rng_below(r, 100) < percent;
}

#define DEMO_PICK(r, a) ((a)[demo_rng_below((r), ARRAY_SIZE(a))])

/* ---- a set of strings, to keep names, domains and e-mails unique ---- */

struct demo_set {
    char **slots;
    size_t cap;
    size_t n;
};

static uint64_t
demo_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

static void
demo_set_release(struct demo_set *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slots[i]);
    free(set->slots);
    memset(set, 0, sizeof(*set));
}

static bool
demo_set_has(const struct demo_set *set, const char *key)
{
    if (!set->cap)
        return false;
    size_t i = (size_t)demo_hash(key) & (set->cap - 1);
    while (set->slots[i]) {
        if (strcmp(set->slots[i], key) == 0)
            return true;
        i = (i + 1) & (set->cap - 1);
    }
    return false;
}

static void
demo_set_put(struct demo_set *set, char *owned)
{
    size_t i = (size_t)demo_hash(owned) & (set->cap - 1);
    while (set->slots[i])
        i = (i + 1) & (set->cap - 1);
    set->slots[i] = owned;
}

/* Adds a copy of key; false (and nothing added) when it is there. */
static bool
demo_set_add(struct demo_set *set, const char *key)
{
    if (demo_set_has(set, key))
        return false;
    if ((set->n + 1) * 2 > set->cap) {
        struct demo_set bigger = { NULL, set->cap ? set->cap * 2 : 1024, 0 };
        bigger.slots = xcalloc(bigger.cap, sizeof(char *));
        for (size_t i = 0; i < set->cap; i++)
            if (set->slots[i])
                demo_set_put(&bigger, set->slots[i]);
        free(set->slots);
        set->slots = bigger.slots;
        set->cap = bigger.cap;
    }
    demo_set_put(set, xstrdup(key));
    set->n++;
    return true;
}

/* ---- the four countries ---- */

enum demo_country { DEMO_UA, DEMO_SE, DEMO_DE, DEMO_PL, DEMO_COUNTRIES };

struct demo_city {
    const char *name;
    const char *region;
    /*
     * The city as an adjective. Ukrainian: masculine, feminine, plural.
     * Polish: masculine, feminine, neuter (which is also the plural of
     * things). Swedish and German do not inflect it before a name
     * ("Göteborgs", "Dresdner"), so all three are the same.
     */
    const char *adj[3];
    const char *phone_area;
    const char *court; /* German register court, when not the city */
};

static const struct demo_city UA_CITIES[] = {
    { "Харків",
      "Харківська область",
      { "Харківський", "Харківська", "Харківські" },
      "57",
      NULL },
    { "Київ", "м. Київ", { "Київський", "Київська", "Київські" }, "44", NULL },
    { "Львів",
      "Львівська область",
      { "Львівський", "Львівська", "Львівські" },
      "32",
      NULL },
    { "Дніпро",
      "Дніпропетровська область",
      { "Дніпровський", "Дніпровська", "Дніпровські" },
      "56",
      NULL },
    { "Вінниця",
      "Вінницька область",
      { "Вінницький", "Вінницька", "Вінницькі" },
      "432",
      NULL },
    { "Одеса",
      "Одеська область",
      { "Одеський", "Одеська", "Одеські" },
      "48",
      NULL },
};

static const struct demo_city SE_CITIES[] = {
    { "Göteborg",
      "Västra Götalands län",
      { "Göteborgs", "Göteborgs", "Göteborgs" },
      "31",
      NULL },
    { "Malmö", "Skåne län", { "Malmö", "Malmö", "Malmö" }, "40", NULL },
    { "Linköping",
      "Östergötlands län",
      { "Linköpings", "Linköpings", "Linköpings" },
      "13",
      NULL },
    { "Stockholm",
      "Stockholms län",
      { "Stockholms", "Stockholms", "Stockholms" },
      "8",
      NULL },
    { "Lund", "Skåne län", { "Lunds", "Lunds", "Lunds" }, "46", NULL },
    { "Uppsala",
      "Uppsala län",
      { "Uppsala", "Uppsala", "Uppsala" },
      "18",
      NULL },
};

static const struct demo_city DE_CITIES[] = {
    { "Dresden",
      "Sachsen",
      { "Dresdner", "Dresdner", "Dresdner" },
      "351",
      NULL },
    { "Chemnitz",
      "Sachsen",
      { "Chemnitzer", "Chemnitzer", "Chemnitzer" },
      "371",
      NULL },
    { "Leipzig",
      "Sachsen",
      { "Leipziger", "Leipziger", "Leipziger" },
      "341",
      NULL },
    { "Berlin",
      "Berlin",
      { "Berliner", "Berliner", "Berliner" },
      "30",
      "Berlin (Charlottenburg)" },
    { "Jena", "Thüringen", { "Jenaer", "Jenaer", "Jenaer" }, "3641", NULL },
    { "München", "Bayern", { "Münchner", "Münchner", "Münchner" }, "89", NULL },
};

static const struct demo_city PL_CITIES[] = {
    { "Łódź", "Łódzkie", { "Łódzki", "Łódzka", "Łódzkie" }, "42", NULL },
    { "Warszawa",
      "Mazowieckie",
      { "Warszawski", "Warszawska", "Warszawskie" },
      "22",
      NULL },
    { "Kraków",
      "Małopolskie",
      { "Krakowski", "Krakowska", "Krakowskie" },
      "12",
      NULL },
    { "Wrocław",
      "Dolnośląskie",
      { "Wrocławski", "Wrocławska", "Wrocławskie" },
      "71",
      NULL },
    { "Gdańsk", "Pomorskie", { "Gdański", "Gdańska", "Gdańskie" }, "58", NULL },
    { "Rzeszów",
      "Podkarpackie",
      { "Rzeszowski", "Rzeszowska", "Rzeszowskie" },
      "17",
      NULL },
};

/*
 * A line of business: its NACE Rev. 2 code, tags, and the words a
 * company name uses for it in each language (Ukrainian in the plural,
 * so a plural city adjective goes with every one; Polish with the
 * grammatical gender its adjective must take).
 */
struct demo_sector {
    const char *nace;
    const char *tags;
    const char *term[DEMO_COUNTRIES];
    char pl_gender; /* 'm', 'f', or 'n' for neuter and plural */
    const char *english;
};

static const struct demo_sector SECTORS[] = {
    { "26.11",
      "microelectronics, electronics",
      { "Мікросистеми", "Halvledarteknik", "Halbleitertechnik",
        "Systemy Półprzewodnikowe" },
      'n',
      "semiconductor design" },
    { "26.12",
      "electronics",
      { "Електронні Модулі", "Elektronikproduktion", "Elektronikfertigung",
        "Zakłady Elektroniczne" },
      'n',
      "electronics manufacturing" },
    { "26.20",
      "electronics, digital",
      { "Обчислювальні Системи", "Datorsystem", "Computersysteme",
        "Systemy Komputerowe" },
      'n',
      "embedded computing" },
    { "26.30",
      "digital, security-connectivity",
      { "Телекомунікаційні Системи", "Radioteknik", "Funktechnik",
        "Systemy Telekomunikacyjne" },
      'n',
      "radio communication" },
    { "26.51",
      "electronics, advanced manufacturing",
      { "Вимірювальні Прилади", "Mätteknik", "Messtechnik",
        "Systemy Pomiarowe" },
      'n',
      "measuring instruments" },
    { "26.70",
      "photonics",
      { "Оптичні Технології", "Optik", "Photonik", "Pracownia Optyczna" },
      'f',
      "photonics" },
    { "62.01",
      "digital",
      { "Програмні Рішення", "Mjukvaruutveckling", "Softwaretechnik",
        "Fabryka Oprogramowania" },
      'f',
      "software" },
    { "62.02",
      "digital",
      { "Інформаційні Технології", "Informationsteknik", "IT-Beratung",
        "Doradztwo Informatyczne" },
      'n',
      "IT consulting" },
    { "63.11",
      "digital, security-connectivity",
      { "Хмарні Сервіси", "Molntjänster", "Cloud-Dienste", "Usługi Chmurowe" },
      'n',
      "cloud services" },
    { "62.01",
      "digital, artificial intelligence",
      { "Інтелектуальні Системи", "Dataanalys", "Datenanalyse",
        "Systemy Inteligentne" },
      'n',
      "AI and data analytics" },
    { "72.19",
      "advanced materials, nanotechnology",
      { "Нанотехнології", "Nanoteknik", "Nanotechnologie",
        "Laboratorium Nanotechnologii" },
      'n',
      "nanomaterials" },
    { "71.12",
      "advanced manufacturing",
      { "Інженерні Системи", "Konstruktion", "Ingenieurtechnik",
        "Biuro Projektowe" },
      'n',
      "engineering design" },
    { "28.99",
      "advanced manufacturing, robotics",
      { "Системи Автоматизації", "Automation", "Automatisierungstechnik",
        "Systemy Automatyki" },
      'n',
      "industrial automation" },
    { "28.41",
      "advanced manufacturing",
      { "Верстатні Системи", "Verktygsmaskiner", "Werkzeugmaschinen",
        "Fabryka Obrabiarek" },
      'f',
      "machine tools" },
    { "29.32",
      "mobility-transport-automotive",
      { "Автокомпоненти", "Fordonsteknik", "Fahrzeugtechnik",
        "Części Samochodowe" },
      'n',
      "automotive components" },
    { "27.20",
      "energy-renewables, mobility-transport-automotive",
      { "Акумуляторні Системи", "Batteriteknik", "Batteriesysteme",
        "Systemy Bateryjne" },
      'n',
      "batteries" },
    { "35.11",
      "energy-renewables",
      { "Сонячні Електростанції", "Solenergi", "Solartechnik",
        "Energia Słoneczna" },
      'f',
      "solar energy" },
    { "27.11",
      "energy-renewables, electronics",
      { "Енергосистеми", "Kraftelektronik", "Leistungselektronik",
        "Systemy Energetyczne" },
      'n',
      "power electronics" },
    { "43.21",
      "construction, energy-renewables",
      { "Електротехнічні Системи", "Elinstallation", "Elektroinstallation",
        "Instalacje Elektryczne" },
      'n',
      "electrical installation" },
    { "32.50",
      "health, life-science technologies",
      { "Медичні Технології", "Medicinteknik", "Medizintechnik",
        "Sprzęt Medyczny" },
      'm',
      "medical devices" },
    { "72.11",
      "health, life-science technologies",
      { "Біотехнології", "Bioteknik", "Biotechnologie",
        "Laboratorium Biotechnologiczne" },
      'n',
      "biotechnology" },
    { "30.30",
      "aerospace-defence, advanced manufacturing",
      { "Авіаційні Системи", "Flygteknik", "Luftfahrttechnik",
        "Zakłady Lotnicze" },
      'n',
      "aerospace components" },
    { "10.89",
      "agri-food",
      { "Харчові Технології", "Livsmedelsteknik", "Lebensmitteltechnik",
        "Przetwórnia Żywności" },
      'f',
      "food processing" },
    { "28.30",
      "agri-food, advanced manufacturing",
      { "Аграрні Машини", "Lantbruksmaskiner", "Landtechnik",
        "Maszyny Rolnicze" },
      'n',
      "agricultural machinery" },
    { "22.29",
      "advanced materials, energy-intensive industries",
      { "Полімерні Матеріали", "Plastteknik", "Kunststofftechnik",
        "Tworzywa Sztuczne" },
      'n',
      "plastics" },
    { "13.96",
      "textile, advanced materials",
      { "Технічні Тканини", "Textilteknik", "Technische Textilien",
        "Tekstylia Techniczne" },
      'n',
      "technical textiles" },
    { "52.29",
      "mobility-transport-automotive",
      { "Логістичні Рішення", "Logistik", "Logistik", "Usługi Logistyczne" },
      'n',
      "logistics" },
    { "74.10",
      "cultural-creative, digital",
      { "Креативні Технології", "Design", "Industriedesign",
        "Studio Projektowe" },
      'n',
      "industrial design" },
    { "58.21",
      "cultural-creative, digital",
      { "Ігрові Технології", "Spelutveckling", "Spieleentwicklung",
        "Studio Gier" },
      'n',
      "game development" },
    { "41.20",
      "construction, energy-renewables",
      { "Будівельні Технології", "Byggteknik", "Bautechnik",
        "Technologie Budowlane" },
      'n',
      "construction technology" },
};

/*
 * A field of research and teaching, as the name of a department takes
 * it: Ukrainian and Polish in the genitive ("кафедра фотоніки",
 * "Katedra Fotoniki"), Swedish after "för", German after "für".
 */
struct demo_discipline {
    const char *term[DEMO_COUNTRIES];
    const char *tags;
    const char *english;
};

static const struct demo_discipline DISCIPLINES[] = {
    { { "мікроелектроніки", "mikroelektronik", "Mikroelektronik",
        "Mikroelektroniki" },
      "microelectronics, electronics",
      "microelectronics" },
    { { "фотоніки", "fotonik", "Photonik", "Fotoniki" },
      "photonics",
      "photonics" },
    { { "штучного інтелекту", "artificiell intelligens",
        "Künstliche Intelligenz", "Sztucznej Inteligencji" },
      "artificial intelligence, digital",
      "artificial intelligence" },
    { { "матеріалознавства", "materialvetenskap", "Werkstoffwissenschaft",
        "Inżynierii Materiałowej" },
      "advanced materials",
      "materials science" },
    { { "електроенергетики", "elkraftteknik", "Elektroenergiesysteme",
        "Elektroenergetyki" },
      "energy-renewables",
      "power engineering" },
    { { "біомедичної інженерії", "medicinsk teknik", "Biomedizinische Technik",
        "Inżynierii Biomedycznej" },
      "health, life-science technologies",
      "biomedical engineering" },
    { { "автомобільного транспорту", "fordonsteknik", "Fahrzeugtechnik",
        "Pojazdów Samochodowych" },
      "mobility-transport-automotive",
      "vehicle engineering" },
    { { "робототехніки", "robotik", "Robotik", "Automatyki i Robotyki" },
      "advanced manufacturing, robotics",
      "robotics" },
    { { "телекомунікацій", "kommunikationssystem", "Nachrichtentechnik",
        "Telekomunikacji" },
      "digital, security-connectivity",
      "telecommunications" },
    { { "комп’ютерної інженерії", "datavetenskap", "Informatik",
        "Informatyki" },
      "digital",
      "computer engineering" },
    { { "технології машинобудування", "produktionsteknik", "Fertigungstechnik",
        "Technologii Maszyn" },
      "advanced manufacturing",
      "manufacturing technology" },
    { { "фізики напівпровідників", "halvledarfysik", "Halbleiterphysik",
        "Fizyki Półprzewodników" },
      "microelectronics, nanotechnology",
      "semiconductor physics" },
    { { "аерокосмічних систем", "flyg- och rymdteknik",
        "Luft- und Raumfahrttechnik", "Lotnictwa i Kosmonautyki" },
      "aerospace-defence",
      "aerospace engineering" },
    { { "харчових технологій", "livsmedelsteknik", "Lebensmitteltechnologie",
        "Technologii Żywności" },
      "agri-food",
      "food technology" },
};

/* Ecosystems and technologies for organisations without a line of their
 * own (public bodies), and as an occasional second interest. */
static const char *const ECOSYSTEMS[] = {
    "digital",
    "electronics",
    "microelectronics",
    "photonics",
    "advanced manufacturing",
    "advanced materials",
    "mobility-transport-automotive",
    "energy-renewables",
    "health",
    "agri-food",
    "aerospace-defence",
    "construction",
    "cultural-creative",
    "textile",
    "tourism",
    "retail",
    "proximity-social-economy",
    "energy-intensive industries",
    "artificial intelligence",
    "security-connectivity",
    "life-science technologies",
    "nanotechnology",
};

/*
 * How a name is made. Placeholders: {C} city, {Cm} {Cf} {Cn} the city as
 * an adjective (see struct demo_city), {CS} the city agreeing with the
 * sector term, {S} sector term, {D} discipline, {B} a Latin brand, {K} a
 * Cyrillic brand, {N} a surname, {I} initials, {R} region, {Q} a quarter
 * of the country. nace and tags, when set, replace those of the sector
 * or discipline.
 */
struct demo_tpl {
    const char *text;
    const char *nace;
    const char *tags;
};

#define TPLS(a)          \
    {                    \
        a, ARRAY_SIZE(a) \
    }
struct demo_tpls {
    const struct demo_tpl *v;
    size_t n;
};

static const struct demo_tpl UA_SME[] = {
    { "ТОВ «{CS} {S}»", NULL, NULL },  { "ТОВ «{CS} {S}»", NULL, NULL },
    { "ТОВ «{CS} {S}»", NULL, NULL },  { "ТОВ «{K}»", NULL, NULL },
    { "ТОВ «{K}»", NULL, NULL },       { "ТОВ «{K}»", NULL, NULL },
    { "ТОВ «НВП «{K}»»", NULL, NULL }, { "ПП «{K}»", NULL, NULL },
    { "ТОВ «{B}»", NULL, NULL },       { "ТОВ «{K}-{C}»", NULL, NULL },
    { "ТОВ «{K}-{C}»", NULL, NULL },   { "ТОВ «{B} Україна»", NULL, NULL },
};
static const struct demo_tpl UA_MICRO[] = {
    { "ФОП {N} {I}", NULL, NULL },    { "ФОП {N} {I}", NULL, NULL },
    { "ПП «{K}»", NULL, NULL },       { "ПП «{K}»", NULL, NULL },
    { "ТОВ «{K}»", NULL, NULL },      { "ТОВ «{B}»", NULL, NULL },
    { "ТОВ «{CS} {S}»", NULL, NULL }, { "ПП «{K}-{C}»", NULL, NULL },
};
static const struct demo_tpl UA_STARTUP[] = {
    { "ТОВ «{B}»", NULL, NULL },
    { "ТОВ «{B}»", NULL, NULL },
    { "ТОВ «{B}»", NULL, NULL },
    { "ТОВ «{K}»", NULL, NULL },
};
static const struct demo_tpl UA_LARGE[] = {
    { "ПрАТ «{Cm} електромеханічний завод»", "27.11",
      "energy-renewables, advanced manufacturing" },
    { "ПрАТ «{Cm} приладобудівний завод»", "26.51",
      "electronics, advanced manufacturing" },
    { "АТ «{Cm} машинобудівний завод»", "28.99",
      "advanced manufacturing, energy-intensive industries" },
    { "ПрАТ «{Cm} радіозавод»", "26.30", "electronics, aerospace-defence" },
    { "АТ «{K}»", NULL, NULL },
    { "ПрАТ «{K}»", NULL, NULL },
    { "ТОВ «{B}»", "62.01", "digital" },
};
static const struct demo_tpl UA_ASSOCIATION[] = {
    { "ГС «{Cf} асоціація {D}»", "94.11", NULL },
    { "ГС «{Cm} кластер {D}»", "94.11", NULL },
    { "Асоціація «{K}»", "94.11", NULL },
};
static const struct demo_tpl UA_OTHER[] = {
    { "{Cf} торгово-промислова палата", "94.11", "retail, digital" },
    { "{Cm} науковий парк", "72.19", NULL },
    { "Бізнес-інкубатор «{B}»", "70.22", "digital" },
    { "Благодійний фонд «{K}»", "94.99", "proximity-social-economy" },
    { "ТОВ «{B} Ventures»", "64.30", "digital" },
};

static const struct demo_tpl SE_SME[] = {
    { "{CS} {S} AB", NULL, NULL }, { "{CS} {S} AB", NULL, NULL },
    { "{CS} {S} AB", NULL, NULL }, { "{B} AB", NULL, NULL },
    { "{B} AB", NULL, NULL },      { "{N}s {S} AB", NULL, NULL },
    { "{N}s {S} AB", NULL, NULL }, { "{B} {S} AB", NULL, NULL },
};
static const struct demo_tpl SE_MICRO[] = {
    { "{N}s {S} AB", NULL, NULL }, { "{N}s {S} AB", NULL, NULL },
    { "{B} AB", NULL, NULL },      { "{N} {S} HB", NULL, NULL },
    { "{CS} {S} AB", NULL, NULL },
};
static const struct demo_tpl SE_STARTUP[] = {
    { "{B} AB", NULL, NULL },
    { "{B} AB", NULL, NULL },
    { "{B} AB", NULL, NULL },
    { "{B} Technologies AB", NULL, NULL },
};
static const struct demo_tpl SE_LARGE[] = {
    { "{B} AB (publ)", NULL, NULL },
    { "{B} AB", NULL, NULL },
    { "{CS} {S} AB", NULL, NULL },
    { "{B} {S} AB", NULL, NULL },
};
static const struct demo_tpl SE_ASSOCIATION[] = {
    { "Föreningen {S} {Q}", "94.11", NULL },
    { "Föreningen {S} {Q}", "94.11", NULL },
    { "Nätverket för {D} i {C}", "94.11", NULL },
    { "Nätverket för {D} i {C}", "94.11", NULL },
};
static const struct demo_tpl SE_OTHER[] = {
    { "{B} Science Park AB", "68.20", "digital" },
    { "Handelskammaren {Q}", "94.11", "retail" },
    { "Almi Företagspartner {Q} AB", "64.92", "digital" },
    { "{B} Innovation Hub AB", "70.22", "digital" },
    { "{B} Ventures AB", "64.30", "digital" },
};

static const struct demo_tpl DE_SME[] = {
    { "{CS} {S} GmbH", NULL, NULL }, { "{CS} {S} GmbH", NULL, NULL },
    { "{CS} {S} GmbH", NULL, NULL }, { "{N} {S} GmbH", NULL, NULL },
    { "{N} {S} GmbH", NULL, NULL },  { "{B} GmbH", NULL, NULL },
    { "{B} GmbH", NULL, NULL },      { "{N} {S} GmbH & Co. KG", NULL, NULL },
    { "{B} {S} GmbH", NULL, NULL },
};
static const struct demo_tpl DE_MICRO[] = {
    { "{N} {S} e. K.", NULL, NULL },
    { "{B} UG (haftungsbeschränkt)", NULL, NULL },
    { "{N} {S} GmbH", NULL, NULL },
    { "{N} {S} GmbH", NULL, NULL },
    { "{CS} {S} GmbH", NULL, NULL },
    { "Ingenieurbüro {N}", "71.12", "advanced manufacturing" },
};
static const struct demo_tpl DE_STARTUP[] = {
    { "{B} GmbH", NULL, NULL },
    { "{B} GmbH", NULL, NULL },
    { "{B} GmbH", NULL, NULL },
    { "{B} UG (haftungsbeschränkt)", NULL, NULL },
    { "{B} Technologies GmbH", NULL, NULL },
};
static const struct demo_tpl DE_LARGE[] = {
    { "{B} AG", NULL, NULL },      { "{B} AG", NULL, NULL },
    { "{CS} {S} AG", NULL, NULL }, { "{N} {S} GmbH & Co. KG", NULL, NULL },
    { "{B} SE", NULL, NULL },
};
static const struct demo_tpl DE_ASSOCIATION[] = {
    { "Netzwerk {D} {R} e. V.", "94.11", NULL },
    { "Netzwerk {D} {R} e. V.", "94.11", NULL },
    { "Verband {D} {R} e. V.", "94.11", NULL },
    { "Initiative {D} {C} e. V.", "94.11", NULL },
};
static const struct demo_tpl DE_OTHER[] = {
    { "Industrie- und Handelskammer {C}", "94.11", "retail, digital" },
    { "Handwerkskammer {C}", "94.11", "construction" },
    { "Technologiezentrum {C} GmbH", "68.20", "digital" },
    { "{B} Ventures GmbH", "64.30", "digital" },
    { "Stiftung {D} {R}", "94.99", NULL },
};

static const struct demo_tpl PL_SME[] = {
    { "{CS} {S} sp. z o.o.", NULL, NULL },
    { "{CS} {S} sp. z o.o.", NULL, NULL },
    { "{CS} {S} sp. z o.o.", NULL, NULL },
    { "{B} sp. z o.o.", NULL, NULL },
    { "{B} sp. z o.o.", NULL, NULL },
    { "{B} {S} sp. z o.o.", NULL, NULL },
    { "{CS} {S} sp. k.", NULL, NULL },
};
static const struct demo_tpl PL_MICRO[] = {
    { "{S} {N} s.c.", NULL, NULL },
    { "{B} sp. z o.o.", NULL, NULL },
    { "{B} sp. z o.o.", NULL, NULL },
    { "{CS} {S} sp. z o.o.", NULL, NULL },
    { "Pracownia Projektowa {N}", "71.12", "advanced manufacturing" },
};
static const struct demo_tpl PL_STARTUP[] = {
    { "{B} sp. z o.o.", NULL, NULL },
    { "{B} sp. z o.o.", NULL, NULL },
    { "{B} P.S.A.", NULL, NULL },
    { "{B} Technologies sp. z o.o.", NULL, NULL },
};
static const struct demo_tpl PL_LARGE[] = {
    { "{B} S.A.", NULL, NULL },
    { "{B} S.A.", NULL, NULL },
    { "{CS} {S} S.A.", NULL, NULL },
    { "{CS} {S} S.A.", NULL, NULL },
};
static const struct demo_tpl PL_ASSOCIATION[] = {
    { "{Cn} Stowarzyszenie {D}", "94.11", NULL },
    { "{Cn} Stowarzyszenie {D}", "94.11", NULL },
    { "Stowarzyszenie na rzecz Rozwoju {D}", "94.11", NULL },
    { "{Cm} Klaster {D}", "94.11", NULL },
};
static const struct demo_tpl PL_OTHER[] = {
    { "{Cf} Izba Przemysłowo-Handlowa", "94.11", "retail, digital" },
    { "{Cm} Park Technologiczny sp. z o.o.", "68.20", "digital" },
    { "Fundacja Rozwoju {D}", "94.99", NULL },
    { "{B} Ventures sp. z o.o.", "64.30", "digital" },
    { "Inkubator Technologiczny {B}", "70.22", "digital" },
};

/* Universities, research centres and public bodies: real places, with
 * departments added when one is in the register more than once. */
struct demo_institution {
    const char *name;
    const char *domain;
    unsigned city;
    const char *nace;
    const char *tags;
};

#define INSTS(a)         \
    {                    \
        a, ARRAY_SIZE(a) \
    }
struct demo_insts {
    const struct demo_institution *v;
    size_t n;
};

static const struct demo_institution UA_UNIVERSITIES[] = {
    { "Харківський національний університет радіоелектроніки", "nure.ua", 0,
      "85.42", "electronics, digital" },
    { "Національний технічний університет «Харківський політехнічний "
      "інститут»",
      "kpi.kharkov.ua", 0, "85.42", "advanced manufacturing" },
    { "Харківський національний університет імені В. Н. Каразіна", "karazin.ua",
      0, "85.42", "health, digital" },
    { "Київський політехнічний інститут імені Ігоря Сікорського", "kpi.ua", 1,
      "85.42", "electronics, advanced manufacturing" },
    { "Київський національний університет імені Тараса Шевченка", "knu.ua", 1,
      "85.42", "digital" },
    { "Національний університет «Львівська політехніка»", "lpnu.ua", 2, "85.42",
      "digital, electronics" },
    { "Дніпровський національний університет імені Олеся Гончара", "dnu.dp.ua",
      3, "85.42", "aerospace-defence" },
    { "Вінницький національний технічний університет", "vntu.edu.ua", 4,
      "85.42", "energy-renewables" },
};
static const struct demo_institution SE_UNIVERSITIES[] = {
    { "Chalmers tekniska högskola", "chalmers.se", 0, "85.42",
      "mobility-transport-automotive, microelectronics" },
    { "Göteborgs universitet", "gu.se", 0, "85.42", "health" },
    { "Malmö universitet", "mau.se", 1, "85.42", "digital" },
    { "Linköpings universitet", "liu.se", 2, "85.42",
      "aerospace-defence, digital" },
    { "KTH Kungliga Tekniska högskolan", "kth.se", 3, "85.42",
      "digital, energy-renewables" },
    { "Lunds universitet", "lu.se", 4, "85.42", "photonics, health" },
    { "Uppsala universitet", "uu.se", 5, "85.42", "life-science technologies" },
};
static const struct demo_institution DE_UNIVERSITIES[] = {
    { "Technische Universität Dresden", "tu-dresden.de", 0, "85.42",
      "microelectronics, digital" },
    { "Hochschule für Technik und Wirtschaft Dresden", "htw-dresden.de", 0,
      "85.42", "advanced manufacturing" },
    { "Technische Universität Chemnitz", "tu-chemnitz.de", 1, "85.42",
      "advanced manufacturing, mobility-transport-automotive" },
    { "Universität Leipzig", "uni-leipzig.de", 2, "85.42", "health" },
    { "Technische Universität Berlin", "tu-berlin.de", 3, "85.42",
      "digital, energy-renewables" },
    { "Friedrich-Schiller-Universität Jena", "uni-jena.de", 4, "85.42",
      "photonics" },
    { "Technische Universität München", "tum.de", 5, "85.42",
      "digital, aerospace-defence" },
};
static const struct demo_institution PL_UNIVERSITIES[] = {
    { "Politechnika Łódzka", "p.lodz.pl", 0, "85.42", "electronics, textile" },
    { "Uniwersytet Łódzki", "uni.lodz.pl", 0, "85.42", "digital" },
    { "Politechnika Warszawska", "pw.edu.pl", 1, "85.42",
      "electronics, digital" },
    { "Uniwersytet Warszawski", "uw.edu.pl", 1, "85.42", "digital" },
    { "Akademia Górniczo-Hutnicza im. Stanisława Staszica w Krakowie",
      "agh.edu.pl", 2, "85.42", "advanced materials, energy-renewables" },
    { "Uniwersytet Jagielloński", "uj.edu.pl", 2, "85.42",
      "health, life-science technologies" },
    { "Politechnika Wrocławska", "pwr.edu.pl", 3, "85.42",
      "photonics, digital" },
    { "Politechnika Gdańska", "pg.edu.pl", 4, "85.42",
      "digital, security-connectivity" },
    { "Politechnika Rzeszowska im. Ignacego Łukasiewicza", "prz.edu.pl", 5,
      "85.42", "aerospace-defence" },
};

static const struct demo_institution UA_RESEARCH[] = {
    { "Інститут фізики напівпровідників імені В. Є. Лашкарьова НАН України",
      "isp.kiev.ua", 1, "72.19", "microelectronics, nanotechnology" },
    { "Фізико-технічний інститут низьких температур імені Б. І. Вєркіна "
      "НАН України",
      "ilt.kharkov.ua", 0, "72.19", "advanced materials, nanotechnology" },
    { "Інститут радіофізики та електроніки імені О. Я. Усикова НАН України",
      "ire.kharkov.ua", 0, "72.19", "electronics, security-connectivity" },
    { "Національний науковий центр «Харківський фізико-технічний інститут»",
      "kipt.kharkov.ua", 0, "72.19", "energy-renewables, advanced materials" },
    { "Інститут електрозварювання імені Є. О. Патона НАН України",
      "paton.kiev.ua", 1, "72.19",
      "advanced manufacturing, advanced materials" },
    { "Фізико-механічний інститут імені Г. В. Карпенка НАН України",
      "ipm.lviv.ua", 2, "72.19", "advanced materials" },
    { "Інститут технічної механіки НАН України і ДКА України", "itm.dp.ua", 3,
      "72.19", "aerospace-defence" },
};
static const struct demo_institution SE_RESEARCH[] = {
    { "RISE Research Institutes of Sweden", "ri.se", 0, "72.19",
      "digital, advanced manufacturing" },
    { "FOI Totalförsvarets forskningsinstitut", "foi.se", 2, "72.19",
      "aerospace-defence, security-connectivity" },
    { "VTI Statens väg- och transportforskningsinstitut", "vti.se", 2, "72.19",
      "mobility-transport-automotive" },
    { "IVL Svenska Miljöinstitutet", "ivl.se", 3, "72.19",
      "energy-renewables" },
    { "MAX IV-laboratoriet", "maxiv.lu.se", 4, "72.19",
      "photonics, advanced materials" },
    { "SciLifeLab", "scilifelab.se", 5, "72.11",
      "health, life-science technologies" },
};
static const struct demo_institution DE_RESEARCH[] = {
    { "Fraunhofer-Institut für Photonische Mikrosysteme IPMS",
      "ipms.fraunhofer.de", 0, "72.19", "photonics, microelectronics" },
    { "Fraunhofer-Institut für Keramische Technologien und Systeme IKTS",
      "ikts.fraunhofer.de", 0, "72.19", "advanced materials" },
    { "Fraunhofer-Institut für Elektronische Nanosysteme ENAS",
      "enas.fraunhofer.de", 1, "72.19", "microelectronics, nanotechnology" },
    { "Fraunhofer-Institut für Werkzeugmaschinen und Umformtechnik IWU",
      "iwu.fraunhofer.de", 1, "72.19", "advanced manufacturing" },
    { "Leibniz-Institut für Festkörper- und Werkstoffforschung Dresden",
      "ifw-dresden.de", 0, "72.19", "advanced materials, nanotechnology" },
    { "Helmholtz-Zentrum Dresden-Rossendorf", "hzdr.de", 0, "72.19",
      "advanced materials, health" },
    { "Leibniz-Institut für Photonische Technologien", "leibniz-ipht.de", 4,
      "72.19", "photonics, health" },
    { "Fraunhofer-Institut für Angewandte Optik und Feinmechanik IOF",
      "iof.fraunhofer.de", 4, "72.19", "photonics" },
};
static const struct demo_institution PL_RESEARCH[] = {
    { "Sieć Badawcza Łukasiewicz – Instytut Mikroelektroniki i Fotoniki",
      "imif.lukasiewicz.gov.pl", 1, "72.19", "microelectronics, photonics" },
    { "Sieć Badawcza Łukasiewicz – Łódzki Instytut Technologiczny",
      "lit.lukasiewicz.gov.pl", 0, "72.19", "textile, advanced materials" },
    { "Sieć Badawcza Łukasiewicz – Krakowski Instytut Technologiczny",
      "kit.lukasiewicz.gov.pl", 2, "72.19", "advanced manufacturing" },
    { "Sieć Badawcza Łukasiewicz – PORT Polski Ośrodek Rozwoju Technologii",
      "port.lukasiewicz.gov.pl", 3, "72.19",
      "health, life-science technologies" },
    { "Instytut Fizyki Polskiej Akademii Nauk", "ifpan.edu.pl", 1, "72.19",
      "nanotechnology, photonics" },
    { "Centrum Badań Kosmicznych PAN", "cbk.waw.pl", 1, "72.19",
      "aerospace-defence" },
    { "Sieć Badawcza Łukasiewicz – Instytut Lotnictwa",
      "ilot.lukasiewicz.gov.pl", 1, "72.19", "aerospace-defence" },
};

static const struct demo_institution UA_PUBLIC[] = {
    { "Харківська обласна військова адміністрація", "kharkivoda.gov.ua", 0,
      "84.11", NULL },
    { "Харківська міська рада", "city.kharkiv.ua", 0, "84.11", NULL },
    { "Київська міська державна адміністрація", "kyivcity.gov.ua", 1, "84.11",
      NULL },
    { "Міністерство цифрової трансформації України", "thedigital.gov.ua", 1,
      "84.13", "digital" },
    { "Міністерство економіки України", "me.gov.ua", 1, "84.13", NULL },
    { "Львівська міська рада", "city-adm.lviv.ua", 2, "84.11", NULL },
    { "Дніпровська міська рада", "dniprorada.gov.ua", 3, "84.11", NULL },
    { "Вінницька міська рада", "vmr.gov.ua", 4, "84.11", NULL },
};
static const struct demo_institution SE_PUBLIC[] = {
    { "Västra Götalandsregionen", "vgregion.se", 0, "84.13", NULL },
    { "Göteborgs Stad", "goteborg.se", 0, "84.11", NULL },
    { "Region Skåne", "skane.se", 1, "84.13", NULL },
    { "Malmö stad", "malmo.se", 1, "84.11", NULL },
    { "Region Östergötland", "regionostergotland.se", 2, "84.13", NULL },
    { "Linköpings kommun", "linkoping.se", 2, "84.11", NULL },
    { "Vinnova", "vinnova.se", 3, "84.13", "digital" },
    { "Tillväxtverket", "tillvaxtverket.se", 3, "84.13", NULL },
};
static const struct demo_institution DE_PUBLIC[] = {
    { "Landeshauptstadt Dresden", "dresden.de", 0, "84.11", NULL },
    { "Sächsisches Staatsministerium für Wirtschaft, Arbeit und Verkehr",
      "smwa.sachsen.de", 0, "84.13", NULL },
    { "Wirtschaftsförderung Sachsen GmbH", "wfs.saxony.de", 0, "84.13", NULL },
    { "Stadt Chemnitz", "chemnitz.de", 1, "84.11", NULL },
    { "Stadt Leipzig", "leipzig.de", 2, "84.11", NULL },
    { "Senatsverwaltung für Wirtschaft, Energie und Betriebe", "berlin.de", 3,
      "84.13", NULL },
    { "Stadt Jena", "jena.de", 4, "84.11", NULL },
    { "Landeshauptstadt München", "muenchen.de", 5, "84.11", NULL },
};
static const struct demo_institution PL_PUBLIC[] = {
    { "Urząd Marszałkowski Województwa Łódzkiego", "lodzkie.pl", 0, "84.11",
      NULL },
    { "Urząd Miasta Łodzi", "uml.lodz.pl", 0, "84.11", NULL },
    { "Urząd Marszałkowski Województwa Mazowieckiego", "mazovia.pl", 1, "84.11",
      NULL },
    { "Urząd m.st. Warszawy", "um.warszawa.pl", 1, "84.11", NULL },
    { "Polska Agencja Rozwoju Przedsiębiorczości", "parp.gov.pl", 1, "84.13",
      NULL },
    { "Urząd Marszałkowski Województwa Małopolskiego", "malopolska.pl", 2,
      "84.11", NULL },
    { "Urząd Miasta Krakowa", "krakow.pl", 2, "84.11", NULL },
    { "Urząd Marszałkowski Województwa Podkarpackiego", "podkarpackie.pl", 5,
      "84.11", NULL },
};

/* Departments of public bodies. */
static const char *const UA_PUBLIC_UNITS[] = {
    "департамент економічного розвитку",   "управління інвестиційної політики",
    "відділ міжнародного співробітництва", "департамент цифрової трансформації",
    "управління науки і освіти",           "відділ підтримки підприємництва",
};
static const char *const SE_PUBLIC_UNITS[] = {
    "Näringslivsenheten",
    "Avdelningen för regional utveckling",
    "Enheten för innovation",
    "Internationella sekretariatet",
    "Avdelningen för hållbar tillväxt",
    "Enheten för kompetensförsörjning",
};
static const char *const DE_PUBLIC_UNITS[] = {
    "Amt für Wirtschaftsförderung", "Referat Innovation und Technologie",
    "Abteilung Digitalisierung",    "Referat Cluster und Netzwerke",
    "Stabsstelle Strukturwandel",   "Referat Außenwirtschaft",
};
static const char *const PL_PUBLIC_UNITS[] = {
    "Departament Polityki Regionalnej",
    "Biuro Rozwoju Gospodarczego",
    "Wydział Innowacji",
    "Departament Funduszy Europejskich",
    "Biuro Obsługi Inwestorów",
    "Departament Cyfryzacji",
};

/* A public body's desk for a field: "Referat Photonik". */
static const char *const PUBLIC_DESK[DEMO_COUNTRIES] = {
    [DEMO_UA] = "відділ з питань ",
    [DEMO_SE] = "enheten för ",
    [DEMO_DE] = "Referat ",
    [DEMO_PL] = "Zespół ds. ",
};

/* Words before a discipline in the name of a department. */
static const char *const UNIT_PREFIX[DEMO_COUNTRIES][2][2] = {
    [DEMO_UA] = { { "кафедра ", "науково-дослідна лабораторія " },
                  { "відділ ", "лабораторія " } },
    [DEMO_SE] = { { "Institutionen för ", "Avdelningen för " },
                  { "enheten för ", "avdelningen för " } },
    [DEMO_DE] = { { "Institut für ", "Professur für " },
                  { "Abteilung ", "Arbeitsgruppe " } },
    [DEMO_PL] = { { "Katedra ", "Laboratorium " },
                  { "Zakład ", "Pracownia " } },
};

/* Brands: a Latin one for companies of any country, a Cyrillic one for
 * Ukrainian companies. */
static const char *const BRAND_HEAD[] = {
    "Nord",  "Volt",  "Sens",  "Opti",  "Quant", "Lumi", "Terra", "Aero",
    "Cyber", "Nano",  "Flux",  "Helio", "Neuro", "Vekt", "Axi",   "Cryo",
    "Astra", "Ferro", "Hydro", "Kine",  "Magn",  "Orbi", "Photo", "Sili",
    "Tekn",  "Vita",  "Zeno",  "Data",  "Robo",  "Gala",
};
static const char *const BRAND_TAIL[] = {
    "tech", "ion", "ix",  "ara",     "onic", "ware", "sys", "lab",
    "ica",  "ora", "lux", "metrics", "gen",  "ent",  "ova", "ium",
    "ax",   "eon", "ity", "io",      "tron", "net",  "vis", "form",
};
static const char *const KBRAND_HEAD[] = {
    "Енерго", "Техно", "Інфо",  "Агро",   "Мікро",   "Оптик",  "Смарт",
    "Кібер",  "Еко",   "Нано",  "Укр",    "Електро", "Термо",  "Гідро",
    "Радіо",  "Авто",  "Інтел", "Спектр", "Метал",   "Промет",
};
static const char *const KBRAND_TAIL[] = {
    "сервіс", "систем", "тех",      "лаб",  "софт",   "пром",   "трейд",
    "прилад", "сенс",   "комплект", "маш",  "світ",   "дизайн", "автоматика",
    "інвест", "трон",   "інформ",   "плюс", "проект", "модуль",
};

static const char *const SE_QUARTERS[] = {
    "Väst", "Syd", "Öst", "Mitt", "Norr",
};
static const char *const DE_QUARTERS[] = {
    "Nord", "Süd", "Ost", "West", "Mitte",
};

/* People. */
struct demo_surname {
    const char *m;
    const char *f;
};

static const char *const UA_MEN[] = {
    "Олександр", "Андрій",  "Дмитро",  "Сергій",    "Іван",
    "Максим",    "Тарас",   "Богдан",  "Володимир", "Юрій",
    "Олег",      "Михайло", "Віталій", "Ярослав",
};
static const char *const UA_WOMEN[] = {
    "Олена", "Наталія",  "Ірина",    "Оксана", "Тетяна",   "Юлія",   "Анна",
    "Марія", "Катерина", "Світлана", "Ольга",  "Вікторія", "Дарина", "Софія",
};
static const struct demo_surname UA_SURNAMES[] = {
    { "Коваленко", "Коваленко" },   { "Шевченко", "Шевченко" },
    { "Бондаренко", "Бондаренко" }, { "Ткаченко", "Ткаченко" },
    { "Кравченко", "Кравченко" },   { "Мельник", "Мельник" },
    { "Олійник", "Олійник" },       { "Лисенко", "Лисенко" },
    { "Поліщук", "Поліщук" },       { "Савченко", "Савченко" },
    { "Руденко", "Руденко" },       { "Марченко", "Марченко" },
    { "Бойко", "Бойко" },           { "Ковальчук", "Ковальчук" },
    { "Петренко", "Петренко" },     { "Савицький", "Савицька" },
    { "Левицький", "Левицька" },    { "Яворський", "Яворська" },
    { "Гнатюк", "Гнатюк" },         { "Білоус", "Білоус" },
};
static const char *const SE_MEN[] = {
    "Erik",   "Lars",    "Anders", "Johan", "Per",   "Karl",   "Mikael",
    "Magnus", "Fredrik", "Henrik", "Oskar", "Björn", "Gustav", "Nils",
};
static const char *const SE_WOMEN[] = {
    "Katarina", "Anna", "Maria",  "Eva",     "Karin", "Kristina", "Lena",
    "Sara",     "Elin", "Ingrid", "Johanna", "Sofia", "Emma",     "Åsa",
};
static const struct demo_surname SE_SURNAMES[] = {
    { "Lindqvist", "Lindqvist" },   { "Johansson", "Johansson" },
    { "Andersson", "Andersson" },   { "Karlsson", "Karlsson" },
    { "Nilsson", "Nilsson" },       { "Eriksson", "Eriksson" },
    { "Larsson", "Larsson" },       { "Olsson", "Olsson" },
    { "Persson", "Persson" },       { "Svensson", "Svensson" },
    { "Gustafsson", "Gustafsson" }, { "Lindberg", "Lindberg" },
    { "Bergström", "Bergström" },   { "Sjöberg", "Sjöberg" },
    { "Åkesson", "Åkesson" },       { "Lundgren", "Lundgren" },
    { "Holmström", "Holmström" },   { "Engström", "Engström" },
};
static const char *const DE_MEN[] = {
    "Jürgen",   "Thomas",     "Michael",   "Andreas", "Stefan",
    "Matthias", "Frank",      "Jens",      "Uwe",     "Lukas",
    "Felix",    "Maximilian", "Sebastian", "Tobias",
};
static const char *const DE_WOMEN[] = {
    "Sabine", "Katrin", "Anja",      "Susanne", "Claudia", "Julia", "Anna",
    "Lena",   "Sophie", "Franziska", "Kerstin", "Petra",   "Heike", "Jana",
};
static const struct demo_surname DE_SURNAMES[] = {
    { "Müller", "Müller" },       { "Schmidt", "Schmidt" },
    { "Schneider", "Schneider" }, { "Fischer", "Fischer" },
    { "Weber", "Weber" },         { "Meyer", "Meyer" },
    { "Wagner", "Wagner" },       { "Becker", "Becker" },
    { "Schulz", "Schulz" },       { "Hoffmann", "Hoffmann" },
    { "Richter", "Richter" },     { "Klein", "Klein" },
    { "Wolf", "Wolf" },           { "Schröder", "Schröder" },
    { "Neumann", "Neumann" },     { "Zimmermann", "Zimmermann" },
    { "Krüger", "Krüger" },       { "Hartmann", "Hartmann" },
    { "Böhme", "Böhme" },         { "Weiß", "Weiß" },
};
static const char *const PL_MEN[] = {
    "Piotr",    "Krzysztof", "Tomasz", "Paweł",  "Michał",
    "Marcin",   "Andrzej",   "Jakub",  "Łukasz", "Grzegorz",
    "Wojciech", "Mateusz",   "Adam",   "Marek",
};
static const char *const PL_WOMEN[] = {
    "Małgorzata", "Anna",   "Katarzyna", "Agnieszka", "Magdalena",
    "Joanna",     "Monika", "Ewa",       "Barbara",   "Aleksandra",
    "Justyna",    "Dorota", "Zofia",     "Beata",
};
static const struct demo_surname PL_SURNAMES[] = {
    { "Wiśniewski", "Wiśniewska" },
    { "Kowalski", "Kowalska" },
    { "Nowak", "Nowak" },
    { "Wójcik", "Wójcik" },
    { "Kowalczyk", "Kowalczyk" },
    { "Kamiński", "Kamińska" },
    { "Lewandowski", "Lewandowska" },
    { "Zieliński", "Zielińska" },
    { "Szymański", "Szymańska" },
    { "Woźniak", "Woźniak" },
    { "Dąbrowski", "Dąbrowska" },
    { "Kozłowski", "Kozłowska" },
    { "Jankowski", "Jankowska" },
    { "Mazur", "Mazur" },
    { "Krawczyk", "Krawczyk" },
    { "Piotrowski", "Piotrowska" },
    { "Grabowski", "Grabowska" },
    { "Pawłowski", "Pawłowska" },
};

static const char *const UA_MOBILE[] = {
    "50", "63", "66", "67", "68", "73", "93", "95", "97", "98", "99",
};
static const char *const SE_MOBILE[] = { "70", "72", "73", "76", "79" };
static const char *const DE_MOBILE[] = {
    "151", "152", "160", "170", "171", "172", "175", "176",
};
static const char *const PL_MOBILE[] = {
    "501", "502", "509", "512", "530", "601",
    "602", "661", "691", "728", "790", "880",
};

static const char *const UA_FREEMAIL[] = { "gmail.com", "ukr.net", "i.ua" };
static const char *const SE_FREEMAIL[] = {
    "gmail.com",
    "outlook.com",
    "telia.com",
};
static const char *const DE_FREEMAIL[] = {
    "gmx.de",
    "web.de",
    "t-online.de",
    "gmail.com",
};
static const char *const PL_FREEMAIL[] = {
    "wp.pl",
    "o2.pl",
    "onet.pl",
    "gmail.com",
};

#define STRS(a)          \
    {                    \
        a, ARRAY_SIZE(a) \
    }
struct demo_strs {
    const char *const *v;
    size_t n;
};

struct demo_country_data {
    const char *code;
    const char *english;
    const char *phone_cc;
    const struct demo_city *cities;
    size_t ncities;
    struct demo_tpls tpls[ORG_KIND__COUNT];
    struct demo_insts insts[ORG_KIND__COUNT];
    struct demo_strs public_units;
    struct demo_strs quarters;
    struct demo_strs men, women;
    const struct demo_surname *surnames;
    size_t nsurnames;
    struct demo_strs mobile;
    struct demo_strs freemail;
    const char *tld, *tld_alt;
};

static const struct demo_country_data COUNTRIES[DEMO_COUNTRIES] = {
    [DEMO_UA] = {
        "UA", "Ukraine", "+380", UA_CITIES, ARRAY_SIZE(UA_CITIES),
        { [ORG_KIND_LARGE] = TPLS(UA_LARGE), [ORG_KIND_SME] = TPLS(UA_SME),
          [ORG_KIND_MICRO] = TPLS(UA_MICRO),
          [ORG_KIND_STARTUP] = TPLS(UA_STARTUP),
          [ORG_KIND_ASSOCIATION] = TPLS(UA_ASSOCIATION),
          [ORG_KIND_OTHER] = TPLS(UA_OTHER) },
        { [ORG_KIND_UNIVERSITY] = INSTS(UA_UNIVERSITIES),
          [ORG_KIND_RESEARCH] = INSTS(UA_RESEARCH),
          [ORG_KIND_PUBLIC] = INSTS(UA_PUBLIC) },
        STRS(UA_PUBLIC_UNITS), STRS(SE_QUARTERS), STRS(UA_MEN), STRS(UA_WOMEN),
        UA_SURNAMES, ARRAY_SIZE(UA_SURNAMES), STRS(UA_MOBILE),
        STRS(UA_FREEMAIL), ".com.ua", ".ua",
    },
    [DEMO_SE] = {
        "SE", "Sweden", "+46", SE_CITIES, ARRAY_SIZE(SE_CITIES),
        { [ORG_KIND_LARGE] = TPLS(SE_LARGE), [ORG_KIND_SME] = TPLS(SE_SME),
          [ORG_KIND_MICRO] = TPLS(SE_MICRO),
          [ORG_KIND_STARTUP] = TPLS(SE_STARTUP),
          [ORG_KIND_ASSOCIATION] = TPLS(SE_ASSOCIATION),
          [ORG_KIND_OTHER] = TPLS(SE_OTHER) },
        { [ORG_KIND_UNIVERSITY] = INSTS(SE_UNIVERSITIES),
          [ORG_KIND_RESEARCH] = INSTS(SE_RESEARCH),
          [ORG_KIND_PUBLIC] = INSTS(SE_PUBLIC) },
        STRS(SE_PUBLIC_UNITS), STRS(SE_QUARTERS), STRS(SE_MEN), STRS(SE_WOMEN),
        SE_SURNAMES, ARRAY_SIZE(SE_SURNAMES), STRS(SE_MOBILE),
        STRS(SE_FREEMAIL), ".se", ".se",
    },
    [DEMO_DE] = {
        "DE", "Germany", "+49", DE_CITIES, ARRAY_SIZE(DE_CITIES),
        { [ORG_KIND_LARGE] = TPLS(DE_LARGE), [ORG_KIND_SME] = TPLS(DE_SME),
          [ORG_KIND_MICRO] = TPLS(DE_MICRO),
          [ORG_KIND_STARTUP] = TPLS(DE_STARTUP),
          [ORG_KIND_ASSOCIATION] = TPLS(DE_ASSOCIATION),
          [ORG_KIND_OTHER] = TPLS(DE_OTHER) },
        { [ORG_KIND_UNIVERSITY] = INSTS(DE_UNIVERSITIES),
          [ORG_KIND_RESEARCH] = INSTS(DE_RESEARCH),
          [ORG_KIND_PUBLIC] = INSTS(DE_PUBLIC) },
        STRS(DE_PUBLIC_UNITS), STRS(DE_QUARTERS), STRS(DE_MEN), STRS(DE_WOMEN),
        DE_SURNAMES, ARRAY_SIZE(DE_SURNAMES), STRS(DE_MOBILE),
        STRS(DE_FREEMAIL), ".de", ".de",
    },
    [DEMO_PL] = {
        "PL", "Poland", "+48", PL_CITIES, ARRAY_SIZE(PL_CITIES),
        { [ORG_KIND_LARGE] = TPLS(PL_LARGE), [ORG_KIND_SME] = TPLS(PL_SME),
          [ORG_KIND_MICRO] = TPLS(PL_MICRO),
          [ORG_KIND_STARTUP] = TPLS(PL_STARTUP),
          [ORG_KIND_ASSOCIATION] = TPLS(PL_ASSOCIATION),
          [ORG_KIND_OTHER] = TPLS(PL_OTHER) },
        { [ORG_KIND_UNIVERSITY] = INSTS(PL_UNIVERSITIES),
          [ORG_KIND_RESEARCH] = INSTS(PL_RESEARCH),
          [ORG_KIND_PUBLIC] = INSTS(PL_PUBLIC) },
        STRS(PL_PUBLIC_UNITS), STRS(DE_QUARTERS), STRS(PL_MEN), STRS(PL_WOMEN),
        PL_SURNAMES, ARRAY_SIZE(PL_SURNAMES), STRS(PL_MOBILE),
        STRS(PL_FREEMAIL), ".pl", ".com.pl",
    },
};

/* Shares of the kinds in per cent, indexed by enum org_kind: SMEs
 * (with micro enterprises and start-ups) are 72 %, as in real clusters. */
static const unsigned KIND_SHARE[ORG_KIND__COUNT] = {
    8, 40, 20, 12, 4, 4, 4, 4, 4,
};
/* How many more contacts than others an organisation of a kind has. */
static const unsigned KIND_CONTACT_WEIGHT[ORG_KIND__COUNT] = {
    4, 2, 1, 1, 4, 3, 2, 1, 1,
};

/* Positions: [0] for the entry point, [1] for the others. */
enum demo_role_group {
    GROUP_COMPANY,
    GROUP_STARTUP,
    GROUP_UNIVERSITY,
    GROUP_RESEARCH,
    GROUP_PUBLIC,
    GROUP_ASSOCIATION,
    GROUP_OTHER,
    GROUP__COUNT
};

static const char *const POS_COMPANY[2][8] = {
    { "CEO", "Managing Director", "Business Development Director", "CTO",
      "Head of R&D", "Innovation Manager", "CEO", "Managing Director" },
    { "Head of R&D", "Sales Director", "Project Manager", "Export Manager",
      "Chief Engineer", "HR Manager", "Marketing Manager", "Quality Manager" },
};
static const char *const POS_STARTUP[2][8] = {
    { "Co-founder and CEO", "Founder", "Co-founder and CTO",
      "Co-founder and CEO", "Founder and CEO", "Co-founder",
      "Co-founder and CEO", "Founder" },
    { "Co-founder and CTO", "Head of Product", "Business Developer",
      "Lead Engineer", "Growth Manager", "Data Scientist", "Product Designer",
      "Software Engineer" },
};
static const char *const POS_UNIVERSITY[2][8] = {
    { "Head of Department", "Professor", "Vice-Rector for Research",
      "Technology Transfer Officer", "Dean", "Professor", "Head of Department",
      "Director of the Institute" },
    { "Professor", "Associate Professor", "Senior Researcher",
      "Research Project Coordinator", "PhD Student",
      "Technology Transfer Officer", "Lab Manager",
      "International Relations Officer" },
};
static const char *const POS_RESEARCH[2][8] = {
    { "Director", "Head of Department", "Business Development Manager",
      "Deputy Director", "Head of Department", "Director", "Group Leader",
      "Head of Strategy" },
    { "Senior Researcher", "Group Leader", "Project Coordinator",
      "Technology Transfer Manager", "Research Engineer", "Scientist",
      "Lab Manager", "Innovation Scout" },
};
static const char *const POS_PUBLIC[2][8] = {
    { "Head of Economic Development", "Head of Department",
      "Innovation Policy Officer", "Deputy Mayor", "Director",
      "Head of Department", "Cluster Policy Officer", "Head of Unit" },
    { "Project Officer", "Investment Manager", "Deputy Head of Department",
      "EU Funds Specialist", "International Cooperation Officer",
      "Policy Advisor", "Programme Manager", "Analyst" },
};
static const char *const POS_ASSOCIATION[2][8] = {
    { "Executive Director", "Chair of the Board", "Managing Director",
      "Executive Director", "President", "Secretary General",
      "Executive Director", "Chair of the Board" },
    { "Project Manager", "Member Relations Manager", "Communications Manager",
      "Board Member", "Event Manager", "Policy Officer", "Office Manager",
      "Treasurer" },
};
static const char *const POS_OTHER[2][8] = {
    { "Director", "Managing Director", "Head of Business Services", "President",
      "Director", "Managing Partner", "Director", "Head of Programmes" },
    { "Project Manager", "Community Manager", "Start-up Coach",
      "Investment Analyst", "Event Manager", "Business Advisor",
      "Programme Manager", "Partnership Manager" },
};

static const char *const CONSENT_SOURCES[] = {
    "membership form",    "event registration", "web form",
    "e-mail reply",       "business card",      "membership agreement",
    "newsletter sign-up",
};

/* ---- transliteration to ASCII, for domains and e-mail addresses ---- */

/* Decodes one UTF-8 code point at *p and advances; invalid bytes read as
 * U+FFFD one byte at a time. */
static uint32_t
demo_utf8_next(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    uint32_t c = s[0];
    int n = 0;
    if (c < 0x80)
        n = 0;
    else if ((c & 0xE0) == 0xC0)
        c &= 0x1F, n = 1;
    else if ((c & 0xF0) == 0xE0)
        c &= 0x0F, n = 2;
    else if ((c & 0xF8) == 0xF0)
        c &= 0x07, n = 3;
    else {
        (*p)++;
        return 0xFFFD;
    }
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            (*p)++;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p += n + 1;
    return c;
}

/* Ukrainian after the official romanisation of 2010, for а..я. */
static const char *const CYRILLIC[32] = {
    "a",  "b",  "v",  "h",    "d", "e", "zh", "z", "y",  "i",  "k",
    "l",  "m",  "n",  "o",    "p", "r", "s",  "t", "u",  "f",  "kh",
    "ts", "ch", "sh", "shch", "",  "y", "",   "e", "iu", "ia",
};

/*
 * The ASCII spelling of one code point, or NULL when it separates
 * words; "" for marks that vanish (apostrophes, soft sign).
 */
static const char *
demo_ascii_of(uint32_t c, enum demo_country cc, bool word_start)
{
    static char one[2];
    bool de = cc == DEMO_DE;
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            one[0] = (char)c;
            one[1] = '\0';
            return one;
        }
        return c == '\'' ? "" : NULL;
    }
    if (c >= 0x410 && c <= 0x42F)
        c += 0x20;
    switch (c) {
    case 0x404:
    case 0x454:
        return word_start ? "ye" : "ie";
    case 0x406:
    case 0x456:
        return "i";
    case 0x407:
    case 0x457:
        return word_start ? "yi" : "i";
    case 0x490:
    case 0x491:
        return "g";
    case 0x439:
        return word_start ? "y" : "i";
    case 0x44E:
        return word_start ? "yu" : "iu";
    case 0x44F:
        return word_start ? "ya" : "ia";
    case 0x2019:
    case 0x2BC:
        return "";
    case 0xC4:
    case 0xE4:
        return de ? "ae" : "a";
    case 0xD6:
    case 0xF6:
        return de ? "oe" : "o";
    case 0xDC:
    case 0xFC:
        return de ? "ue" : "u";
    case 0xDF:
        return "ss";
    case 0xC5:
    case 0xE5:
    case 0x104:
    case 0x105:
        return "a";
    case 0xC9:
    case 0xE9:
    case 0x118:
    case 0x119:
        return "e";
    case 0xD3:
    case 0xF3:
    case 0xD8:
    case 0xF8:
        return "o";
    case 0xC6:
    case 0xE6:
        return "ae";
    case 0x106:
    case 0x107:
        return "c";
    case 0x141:
    case 0x142:
        return "l";
    case 0x143:
    case 0x144:
        return "n";
    case 0x15A:
    case 0x15B:
        return "s";
    case 0x179:
    case 0x17A:
    case 0x17B:
    case 0x17C:
        return "z";
    default:
        break;
    }
    if (c >= 0x430 && c <= 0x44F)
        return CYRILLIC[c - 0x430];
    return NULL;
}

/*
 * Appends s in lower-case ASCII, with sep between words ('\0' to join
 * them without one).
 */
static void
demo_ascii(struct buf *out, const char *s, enum demo_country cc, char sep)
{
    size_t start = out->len;
    bool word_start = true, pending = false;
    while (*s) {
        const char *a = demo_ascii_of(demo_utf8_next(&s), cc, word_start);
        if (!a) {
            word_start = true;
            pending = out->len > start;
            continue;
        }
        if (!*a)
            continue;
        if (pending && sep)
            buf_addc(out, sep);
        pending = false;
        word_start = false;
        buf_adds(out, a);
    }
}

/* Words of legal forms and connectives that a domain leaves out. */
static bool
demo_stop_word(const char *w, size_t len)
{
    static const char *const STOP[] = {
        "tov",   "pp",    "nvp",  "prat",
        "at",    "fop",   "gs",   "ab",
        "publ",  "hb",    "gmbh", "co",
        "kg",    "ag",    "ug",   "haftungsbeschraenkt",
        "e",     "k",     "v",    "sp",
        "z",     "o",     "s",    "a",
        "c",     "p",     "i",    "se",
        "och",   "und",   "im",   "na",
        "rzecz", "imeni",
    };
    for (size_t i = 0; i < ARRAY_SIZE(STOP); i++)
        if (strlen(STOP[i]) == len && memcmp(STOP[i], w, len) == 0)
            return true;
    return false;
}

/* ---- the generator ---- */

struct demo_gen {
    struct demo_rng rng;
    size_t norgs, ncontacts;
    int32_t consent_first, consent_last; /* day numbers */
    int this_year;
    enum org_kind *kinds;
    unsigned char *countries;
    size_t *contacts_of;
    struct demo_set names, domains, emails, regnos;
    /* The current organisation and its contacts. */
    struct org org;
    struct contact *contacts;
    size_t ncur, contacts_alloc;
    char *email_domain;
};

/* What a name template drew, for expansion and the fields that follow. */
struct demo_picks {
    enum demo_country cc;
    const struct demo_city *city;
    const struct demo_sector *sector;
    const struct demo_discipline *discipline;
    char brand[32];
    char kbrand[64];
    const char *surname;
    char initials[16];
    const char *quarter;
    bool used_sector, used_discipline, used_surname;
};

static void
demo_shuffle(struct demo_rng *r, void *base, size_t n, size_t size)
{
    unsigned char *a = base, tmp[16];
    if (size > sizeof(tmp))
        BUG("demo_shuffle: element too large");
    for (size_t i = n; i > 1; i--) {
        size_t j = demo_rng_below(r, i);
        memcpy(tmp, a + (i - 1) * size, size);
        memcpy(a + (i - 1) * size, a + j * size, size);
        memcpy(a + j * size, tmp, size);
    }
}

/*
 * Decides the kind and country of every organisation and how many
 * contacts each has. Every kind appears once there are at least nine
 * organisations; every organisation has a contact once there are as
 * many contacts as organisations.
 */
static void
demo_gen_init(struct demo_gen *g, uint64_t seed, size_t norgs, size_t ncontacts,
              const char *today)
{
    memset(g, 0, sizeof(*g));
    g->rng.state = seed;
    g->norgs = norgs;
    g->ncontacts = ncontacts;
    org_init(&g->org);
    g->email_domain = xstrdup("");

    struct date t, first = { 2022, 1, 10 }, last = { 2026, 10, 30 };
    date_parse(today, (int)strlen(today), &t);
    g->this_year = t.year;
    g->consent_first = date_to_days(first);
    g->consent_last = date_to_days(last);
    if (g->consent_last > date_to_days(t))
        g->consent_last = date_to_days(t);
    if (g->consent_first > g->consent_last)
        g->consent_first = g->consent_last - 365;

    g->kinds = xcalloc(norgs ? norgs : 1, sizeof(*g->kinds));
    if (norgs >= ORG_KIND__COUNT) {
        size_t quota[ORG_KIND__COUNT], sum = 0;
        for (int k = 0; k < ORG_KIND__COUNT; k++) {
            quota[k] = (norgs * KIND_SHARE[k] + 50) / 100;
            if (!quota[k])
                quota[k] = 1;
            sum += quota[k];
        }
        /* Rounding up the small kinds may overshoot: the largest give
         * way. SMEs take up any shortfall. */
        while (sum > norgs) {
            int largest = 0;
            for (int k = 1; k < ORG_KIND__COUNT; k++)
                if (quota[k] > quota[largest])
                    largest = k;
            quota[largest]--;
            sum--;
        }
        quota[ORG_KIND_SME] += norgs - sum;
        size_t i = 0;
        for (int k = 0; k < ORG_KIND__COUNT; k++)
            for (size_t j = 0; j < quota[k]; j++)
                g->kinds[i++] = (enum org_kind)k;
    } else {
        for (size_t i = 0; i < norgs; i++) {
            size_t x = demo_rng_below(&g->rng, 100);
            int k = 0;
            while (x >= KIND_SHARE[k]) {
                x -= KIND_SHARE[k];
                k++;
            }
            g->kinds[i] = (enum org_kind)k;
        }
    }
    demo_shuffle(&g->rng, g->kinds, norgs, sizeof(*g->kinds));

    g->countries = xcalloc(norgs ? norgs : 1, 1);
    for (size_t i = 0; i < norgs; i++)
        g->countries[i] = (unsigned char)(i % DEMO_COUNTRIES);
    demo_shuffle(&g->rng, g->countries, norgs, 1);

    g->contacts_of = xcalloc(norgs ? norgs : 1, sizeof(size_t));
    size_t base = ncontacts < norgs ? ncontacts : norgs;
    for (size_t i = 0; i < base; i++)
        g->contacts_of[i] = 1;
    size_t extra = ncontacts - base;
    if (extra && norgs) {
        uint64_t *cum = xcalloc(norgs, sizeof(uint64_t));
        uint64_t total = 0;
        for (size_t i = 0; i < norgs; i++)
            cum[i] = total += KIND_CONTACT_WEIGHT[g->kinds[i]];
        for (size_t e = 0; e < extra; e++) {
            uint64_t x = demo_rng_next(&g->rng) % total;
            size_t lo = 0, hi = norgs - 1;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (cum[mid] > x)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            g->contacts_of[lo]++;
        }
        free(cum);
    }
}

static void
demo_gen_clear_current(struct demo_gen *g)
{
    org_release(&g->org);
    org_init(&g->org);
    for (size_t i = 0; i < g->ncur; i++)
        contact_release(&g->contacts[i]);
    g->ncur = 0;
}

static void
demo_gen_release(struct demo_gen *g)
{
    demo_gen_clear_current(g);
    org_release(&g->org);
    free(g->contacts);
    free(g->kinds);
    free(g->countries);
    free(g->contacts_of);
    free(g->email_domain);
    demo_set_release(&g->names);
    demo_set_release(&g->domains);
    demo_set_release(&g->emails);
    demo_set_release(&g->regnos);
}

static const struct demo_city *
demo_pick_city(struct demo_gen *g, const struct demo_country_data *cd)
{
    /* The first city of each country is the cluster's home there: it
     * gets twice its share. */
    size_t i = demo_rng_below(&g->rng, cd->ncities + 1);
    return &cd->cities[i >= cd->ncities ? 0 : i];
}

/* Draws everything a template may use, always in the same order. */
static void
demo_draw_picks(struct demo_gen *g, enum demo_country cc, struct demo_picks *p)
{
    const struct demo_country_data *cd = &COUNTRIES[cc];
    memset(p, 0, sizeof(*p));
    p->cc = cc;
    p->city = demo_pick_city(g, cd);
    p->sector = &DEMO_PICK(&g->rng, SECTORS);
    p->discipline = &DEMO_PICK(&g->rng, DISCIPLINES);
    struct buf b = BUF_INIT;
    buf_adds(&b, DEMO_PICK(&g->rng, BRAND_HEAD));
    const char *tail = DEMO_PICK(&g->rng, BRAND_TAIL);
    /* Two vowels meeting read badly: "Lumi" and "ix" make "Lumix". */
    if (strchr("aeiou", b.s[b.len - 1]) && strchr("aeiou", tail[0]))
        tail++;
    buf_adds(&b, tail);
    snprintf(p->brand, sizeof(p->brand), "%s", b.s);
    buf_reset(&b);
    buf_adds(&b, DEMO_PICK(&g->rng, KBRAND_HEAD));
    buf_adds(&b, DEMO_PICK(&g->rng, KBRAND_TAIL));
    snprintf(p->kbrand, sizeof(p->kbrand), "%s", b.s);
    buf_release(&b);
    p->surname = cd->surnames[demo_rng_below(&g->rng, cd->nsurnames)].m;
    /* Initials of a first name and a patronymic (for a Ukrainian sole
     * trader, "ФОП Коваленко О. В."). */
    const char *f1 = cd->men.v[demo_rng_below(&g->rng, cd->men.n)];
    const char *f2 = cd->men.v[demo_rng_below(&g->rng, cd->men.n)];
    const char *e1 = f1, *e2 = f2;
    demo_utf8_next(&e1);
    demo_utf8_next(&e2);
    snprintf(p->initials, sizeof(p->initials), "%.*s. %.*s.", (int)(e1 - f1),
             f1, (int)(e2 - f2), f2);
    p->quarter = cd->quarters.v[demo_rng_below(&g->rng, cd->quarters.n)];
}

static void
demo_expand(struct buf *out, const char *tpl, struct demo_picks *p)
{
    const struct demo_city *c = p->city;
    while (*tpl) {
        if (*tpl != '{') {
            buf_addc(out, *tpl++);
            continue;
        }
        const char *end = strchr(tpl, '}');
        if (!end)
            BUG("demo template without '}'");
        size_t len = (size_t)(end - tpl - 1);
        const char *key = tpl + 1;
        const char *v = NULL;
#define KEY(k) (len == sizeof(k) - 1 && memcmp(key, k, len) == 0)
        if (KEY("C")) {
            v = c->name;
        } else if (KEY("Cm")) {
            v = c->adj[0];
        } else if (KEY("Cf")) {
            v = c->adj[1];
        } else if (KEY("Cn")) {
            v = c->adj[2];
        } else if (KEY("CS")) {
            if (p->cc == DEMO_PL)
                v = c->adj[p->sector->pl_gender == 'm'   ? 0
                           : p->sector->pl_gender == 'f' ? 1
                                                         : 2];
            else
                v = c->adj[2];
        } else if (KEY("S")) {
            v = p->sector->term[p->cc];
            p->used_sector = true;
        } else if (KEY("D")) {
            v = p->discipline->term[p->cc];
            p->used_discipline = true;
        } else if (KEY("B")) {
            v = p->brand;
        } else if (KEY("K")) {
            v = p->kbrand;
        } else if (KEY("N")) {
            v = p->surname;
            p->used_surname = true;
        } else if (KEY("I")) {
            v = p->initials;
        } else if (KEY("R")) {
            v = c->region;
        } else if (KEY("Q")) {
            v = p->quarter;
        } else {
            BUG("demo template with an unknown placeholder");
        }
#undef KEY
        buf_adds(out, v);
        tpl = end + 1;
    }
}

/* Claims name for the register (by the key duplicates are found by). */
static bool
demo_claim_name(struct demo_gen *g, const char *name)
{
    struct buf key = BUF_INIT;
    org_name_key(&key, name);
    bool fresh = demo_set_add(&g->names, key.s);
    buf_release(&key);
    return fresh;
}

/* Makes name unique with a number when every try was taken. */
static void
demo_number_name(struct demo_gen *g, struct buf *name)
{
    size_t len = name->len;
    for (unsigned n = 2;; n++) {
        buf_setlen(name, len);
        buf_addf(name, " (%u)", n);
        if (demo_claim_name(g, name->s))
            return;
    }
}

static void
demo_add_tags(struct org *o, const char *tags)
{
    struct err err = ERR_INIT;
    if (tags && org_add_tags(o, tags, &err))
        BUG("demo tags rejected");
}

/* A domain from the words of a name that are not legal forms. */
static void
demo_name_domain(struct buf *out, const char *name, enum demo_country cc)
{
    struct buf words = BUF_INIT;
    demo_ascii(&words, name, cc, '-');
    const char *p = words.s;
    int kept = 0;
    while (*p && kept < 3) {
        size_t len = strcspn(p, "-");
        if (len && !demo_stop_word(p, len)) {
            if (kept++)
                buf_addc(out, '-');
            buf_add(out, p, len);
        }
        p += len + (p[len] ? 1 : 0);
    }
    buf_release(&words);
}

/*
 * An organisation from a name template: companies, associations and
 * the others. Sets the e-mail domain (its own, or none).
 */
static void
demo_gen_named(struct demo_gen *g, enum org_kind kind, enum demo_country cc,
               const struct demo_city **city_out)
{
    const struct demo_country_data *cd = &COUNTRIES[cc];
    const struct demo_tpls *t = &cd->tpls[kind];
    struct buf name = BUF_INIT, domain = BUF_INIT;
    struct demo_picks p;
    const struct demo_tpl *tpl = NULL;
    for (int attempt = 0;; attempt++) {
        tpl = &t->v[demo_rng_below(&g->rng, t->n)];
        demo_draw_picks(g, cc, &p);
        buf_reset(&name);
        demo_expand(&name, tpl->text, &p);
        if (demo_claim_name(g, name.s))
            break;
        if (attempt == DEMO_NAME_TRIES) {
            demo_number_name(g, &name);
            break;
        }
    }
    struct org *o = &g->org;
    org_set_str(&o->name, name.s);
    org_set_str(&o->city, p.city->name);
    org_set_str(&o->region, p.city->region);
    *city_out = p.city;

    if (tpl->nace)
        org_set_str(&o->nace, tpl->nace);
    else
        org_set_str(&o->nace, p.sector->nace);
    if (tpl->tags)
        demo_add_tags(o, tpl->tags);
    if (p.used_discipline)
        demo_add_tags(o, p.discipline->tags);
    else if (p.used_sector || !tpl->tags)
        demo_add_tags(o, p.sector->tags);

    /* A sole trader in Ukraine, and a few other micro enterprises, have
     * no website and use a free e-mail service. */
    bool own_site = strncmp(name.s, "ФОП ", strlen("ФОП ")) != 0 &&
                    !(kind == ORG_KIND_MICRO && demo_rng_percent(&g->rng, 20));
    if (own_site) {
        demo_name_domain(&domain, name.s, cc);
        if (!domain.len)
            demo_ascii(&domain, p.city->name, cc, '-');
        const char *tld = demo_rng_percent(&g->rng, 60) ? cd->tld : cd->tld_alt;
        if (kind == ORG_KIND_STARTUP && demo_rng_percent(&g->rng, 40)) {
            static const char *const STARTUP_TLD[] = { ".io", ".ai", ".tech" };
            tld = DEMO_PICK(&g->rng, STARTUP_TLD);
        } else if ((kind == ORG_KIND_ASSOCIATION || kind == ORG_KIND_OTHER) &&
                   cc == DEMO_UA) {
            tld = ".org.ua";
        } else if (kind == ORG_KIND_ASSOCIATION && cc != DEMO_UA &&
                   demo_rng_percent(&g->rng, 50)) {
            tld = ".org";
        }
        size_t stem = domain.len;
        buf_adds(&domain, tld);
        for (unsigned n = 2; !demo_set_add(&g->domains, domain.s); n++) {
            buf_setlen(&domain, stem);
            buf_addf(&domain, "%u%s", n, tld);
        }
        struct buf url = BUF_INIT;
        buf_addf(&url, "https://www.%s", domain.s);
        org_set_str(&o->website, url.s);
        buf_release(&url);
        free(g->email_domain);
        g->email_domain = buf_detach(&domain, NULL);
    } else {
        free(g->email_domain);
        g->email_domain = xstrdup("");
    }
    buf_release(&name);
    buf_release(&domain);
}

/*
 * A university, research centre or public body: the institution itself
 * the first time, one of its departments afterwards.
 */
static void
demo_gen_institution(struct demo_gen *g, enum org_kind kind,
                     enum demo_country cc, const struct demo_city **city_out,
                     bool *is_unit)
{
    const struct demo_country_data *cd = &COUNTRIES[cc];
    const struct demo_insts *in = &cd->insts[kind];
    const struct demo_institution *inst =
        &in->v[demo_rng_below(&g->rng, in->n)];
    const struct demo_discipline *disc = NULL;
    struct buf name = BUF_INIT;
    buf_adds(&name, inst->name);
    *is_unit = false;
    if (!demo_claim_name(g, name.s)) {
        *is_unit = true;
        for (int attempt = 0;; attempt++) {
            buf_reset(&name);
            buf_adds(&name, inst->name);
            buf_adds(&name, ", ");
            disc = &DEMO_PICK(&g->rng, DISCIPLINES);
            size_t form = demo_rng_below(&g->rng, 2);
            if (kind == ORG_KIND_PUBLIC && form == 0) {
                buf_adds(&name,
                         cd->public_units
                             .v[demo_rng_below(&g->rng, cd->public_units.n)]);
                disc = NULL;
            } else if (kind == ORG_KIND_PUBLIC) {
                buf_adds(&name, PUBLIC_DESK[cc]);
                buf_adds(&name, disc->term[cc]);
            } else {
                bool research = kind == ORG_KIND_RESEARCH;
                buf_adds(&name, UNIT_PREFIX[cc][research][form]);
                buf_adds(&name, disc->term[cc]);
            }
            if (demo_claim_name(g, name.s))
                break;
            if (attempt == DEMO_NAME_TRIES) {
                demo_number_name(g, &name);
                break;
            }
        }
    }
    struct org *o = &g->org;
    const struct demo_city *city = &cd->cities[inst->city];
    org_set_str(&o->name, name.s);
    org_set_str(&o->city, city->name);
    org_set_str(&o->region, city->region);
    org_set_str(&o->nace, inst->nace);
    if (kind == ORG_KIND_PUBLIC && disc) {
        demo_add_tags(o, disc->tags);
    } else if (kind == ORG_KIND_PUBLIC) {
        demo_add_tags(o, inst->tags);
        demo_add_tags(o, DEMO_PICK(&g->rng, ECOSYSTEMS));
        demo_add_tags(o, DEMO_PICK(&g->rng, ECOSYSTEMS));
    } else {
        demo_add_tags(o, disc ? disc->tags : inst->tags);
    }
    struct buf url = BUF_INIT;
    buf_addf(&url, "https://%s", inst->domain);
    org_set_str(&o->website, url.s);
    buf_release(&url);
    free(g->email_domain);
    g->email_domain = xstrdup(inst->domain);
    *city_out = city;
    buf_release(&name);
}

static void
demo_digits(struct demo_rng *r, struct buf *out, int n)
{
    for (int i = 0; i < n; i++)
        buf_addc(out, (char)('0' + (i == 0 ? demo_rng_range(r, 1, 9)
                                           : demo_rng_range(r, 0, 9))));
}

/* Luhn check digit of a Swedish organisation number's nine digits. */
static char
demo_luhn(const char *digits)
{
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        int d = digits[i] - '0';
        if (i % 2 == 0) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return (char)('0' + (10 - sum % 10) % 10);
}

static void
demo_regno(struct demo_gen *g, enum org_kind kind, enum demo_country cc,
           const struct demo_city *city, bool sole_trader, struct buf *out)
{
    bool company = kind == ORG_KIND_LARGE || kind == ORG_KIND_SME ||
                   kind == ORG_KIND_MICRO || kind == ORG_KIND_STARTUP;
    bool state = kind == ORG_KIND_UNIVERSITY || kind == ORG_KIND_RESEARCH ||
                 kind == ORG_KIND_PUBLIC;
    size_t start = out->len;
    do {
        buf_setlen(out, start);
        switch (cc) {
        case DEMO_UA:
            /* ЄДРПОУ code: state bodies start with 0 or 2; a sole trader
             * has a ten-digit personal tax number instead. */
            if (sole_trader) {
                demo_digits(&g->rng, out, 10);
            } else {
                bool half = demo_rng_percent(&g->rng, 50);
                buf_addc(out, state ? (half ? '0' : '2') : (half ? '3' : '4'));
                for (int i = 0; i < 7; i++)
                    buf_addc(out, (char)('0' + demo_rng_below(&g->rng, 10)));
            }
            break;
        case DEMO_SE: {
            /* Organisationsnummer with its check digit: 55 for companies,
             * 80 for associations, 2 for the state and regions. */
            char d[11];
            bool half = demo_rng_percent(&g->rng, 50);
            const char *head = company ? (half ? "556" : "559")
                               : kind == ORG_KIND_PUBLIC ? "212"
                               : state                   ? "202"
                                                         : "802";
            memcpy(d, head, 3);
            for (int i = 3; i < 9; i++)
                d[i] = (char)('0' + demo_rng_below(&g->rng, 10));
            d[9] = demo_luhn(d);
            d[10] = '\0';
            buf_addf(out, "%.6s-%.4s", d, d + 6);
            break;
        }
        case DEMO_DE:
            if (state) {
                buf_adds(out, "DE");
                demo_digits(&g->rng, out, 9);
            } else {
                bool sole = strstr(g->org.name, "e. K.") != NULL;
                const char *reg = company ? (sole ? "HRA" : "HRB") : "VR";
                buf_addf(out, "%s %d, Amtsgericht %s", reg,
                         (int)demo_rng_range(&g->rng, 1000, 49999),
                         city->court ? city->court : city->name);
            }
            break;
        case DEMO_PL:
            if (state || strstr(g->org.name, "s.c.")) {
                buf_adds(out, "NIP ");
                demo_digits(&g->rng, out, 3);
                buf_addc(out, '-');
                demo_digits(&g->rng, out, 3);
                buf_addc(out, '-');
                demo_digits(&g->rng, out, 2);
                buf_addc(out, '-');
                demo_digits(&g->rng, out, 2);
            } else {
                buf_adds(out, "KRS 0000");
                demo_digits(&g->rng, out, 6);
            }
            break;
        default:
            BUG("demo country");
        }
    } while (!demo_set_add(&g->regnos, out->s + start));
}

static int64_t
demo_employees(struct demo_rng *r, enum org_kind kind, bool unit)
{
    switch (kind) {
    case ORG_KIND_LARGE:
        if (demo_rng_percent(r, 50))
            return demo_rng_range(r, 250, 999);
        return demo_rng_percent(r, 70) ? demo_rng_range(r, 1000, 4999)
                                       : demo_rng_range(r, 5000, 20000);
    case ORG_KIND_SME:
        return demo_rng_percent(r, 55) ? demo_rng_range(r, 10, 49)
                                       : demo_rng_range(r, 50, 249);
    case ORG_KIND_MICRO:
        return demo_rng_range(r, 1, 9);
    case ORG_KIND_STARTUP:
        return demo_rng_percent(r, 70) ? demo_rng_range(r, 2, 15)
                                       : demo_rng_range(r, 16, 49);
    case ORG_KIND_UNIVERSITY:
        return unit ? demo_rng_range(r, 15, 250)
                    : demo_rng_range(r, 1500, 9000);
    case ORG_KIND_RESEARCH:
        return unit ? demo_rng_range(r, 10, 120) : demo_rng_range(r, 80, 1500);
    case ORG_KIND_PUBLIC:
        return unit ? demo_rng_range(r, 5, 60) : demo_rng_range(r, 40, 2500);
    case ORG_KIND_ASSOCIATION:
        return demo_rng_range(r, 1, 25);
    default:
        return demo_rng_range(r, 2, 150);
    }
}

static void
demo_notes(struct demo_gen *g, enum org_kind kind, enum demo_country cc,
           const struct demo_city *city, struct buf *out)
{
    struct demo_rng *r = &g->rng;
    const struct demo_sector *s = &DEMO_PICK(r, SECTORS);
    const struct demo_discipline *d = &DEMO_PICK(r, DISCIPLINES);
    size_t other =
        (cc + 1 + demo_rng_below(r, DEMO_COUNTRIES - 1)) % DEMO_COUNTRIES;
    const char *abroad = COUNTRIES[other].english;
    int year = (int)demo_rng_range(r, g->this_year - 8, g->this_year);
    int since = year > g->this_year - 2 ? year : g->this_year - 2;
    int recent = (int)demo_rng_range(r, since, g->this_year);
    if (demo_rng_percent(r, 12))
        return;
    if (demo_rng_percent(r, 60))
        buf_addf(out, "Member since %d. ", year);
    switch (kind) {
    case ORG_KIND_LARGE:
    case ORG_KIND_SME:
    case ORG_KIND_MICRO:
    case ORG_KIND_STARTUP:
        switch (demo_rng_below(r, 9)) {
        case 0:
            buf_addf(out, "Looking for partners in %s for %s projects.", abroad,
                     s->english);
            break;
        case 1:
            buf_addf(out,
                     "Interested in the cluster's export mission "
                     "to %s.",
                     abroad);
            break;
        case 2:
            buf_addf(out, "Asked about Horizon Europe calls on %s.",
                     d->english);
            break;
        case 3:
            buf_addf(out, "Met at the matchmaking day in %s in %d.", city->name,
                     recent);
            break;
        case 4:
            buf_adds(out, "Hiring engineers; shares job ads through the "
                          "cluster newsletter.");
            break;
        case 5:
            buf_addf(out,
                     "Wants an introduction to university labs "
                     "working on %s.",
                     d->english);
            break;
        case 6:
            buf_addf(out, "Joined the working group on %s.", d->english);
            break;
        case 7:
            buf_adds(out, cc == DEMO_UA
                              ? "Moved part of its team to western Ukraine "
                                "in 2022; works with EU customers."
                              : "Works with two other members on a joint "
                                "product.");
            break;
        default:
            buf_addf(out,
                     "Presented its %s work at the %d general "
                     "assembly.",
                     s->english, recent);
            break;
        }
        break;
    case ORG_KIND_UNIVERSITY:
    case ORG_KIND_RESEARCH:
        switch (demo_rng_below(r, 4)) {
        case 0:
            buf_adds(out, "Offers lab access and student projects to "
                          "member companies.");
            break;
        case 1:
            buf_addf(out, "Coordinates a Horizon Europe project on %s.",
                     d->english);
            break;
        case 2:
            buf_addf(out, "Interested in joint PhD projects on %s.",
                     d->english);
            break;
        default:
            buf_adds(out, "Runs a summer school open to members' staff.");
            break;
        }
        break;
    case ORG_KIND_PUBLIC:
        switch (demo_rng_below(r, 3)) {
        case 0:
            buf_adds(out, "Associate member: provides premises for cluster "
                          "events instead of a fee.");
            break;
        case 1:
            buf_adds(out, "Co-funds the cluster's internationalisation "
                          "programme.");
            break;
        default:
            buf_adds(out, "Contact for the regional smart specialisation "
                          "strategy (RIS3).");
            break;
        }
        break;
    default:
        switch (demo_rng_below(r, 3)) {
        case 0:
            buf_adds(out, "Partner for joint events; exchanges member "
                          "newsletters.");
            break;
        case 1:
            buf_adds(out, "Runs a start-up programme open to cluster "
                          "members.");
            break;
        default:
            buf_addf(out, "Memorandum of cooperation signed in %d.", year);
            break;
        }
        break;
    }
    if (demo_rng_percent(r, 25)) {
        static const char *const MORE[] = {
            " Prefers contact by e-mail.",
            " Annual fee paid by bank transfer.",
            " Invoices go to the accounting address, not the entry point.",
            " Visit planned for next quarter.",
            " Would host a members' meeting.",
        };
        buf_adds(out, DEMO_PICK(r, MORE));
    }
    /* Sentences end in a space when nothing follows them. */
    while (out->len && out->s[out->len - 1] == ' ')
        buf_setlen(out, out->len - 1);
}

/* "+380 57 123 45 67": landline at the city, or a mobile. */
static void
demo_phone(struct demo_rng *r, enum demo_country cc,
           const struct demo_city *city, struct buf *out)
{
    const struct demo_country_data *cd = &COUNTRIES[cc];
    bool mobile = demo_rng_percent(r, 50);
    const char *area = mobile ? cd->mobile.v[demo_rng_below(r, cd->mobile.n)]
                              : city->phone_area;
    buf_addf(out, "%s %s ", cd->phone_cc, area);
    struct buf d = BUF_INIT;
    int n;
    switch (cc) {
    case DEMO_UA:
        n = 9 - (int)strlen(area);
        break;
    case DEMO_SE:
        n = mobile ? 7 : 9 - (int)strlen(area);
        break;
    case DEMO_DE:
        n = mobile ? 8 : 10 - (int)strlen(area);
        break;
    default:
        n = mobile ? 6 : 7;
        break;
    }
    demo_digits(r, &d, n);
    /* Grouped as people write them: 123 45 67, 12 34 56, 123 456. */
    if (cc == DEMO_DE) {
        buf_adds(out, d.s);
    } else if (n == 6 && cc == DEMO_PL) {
        buf_addf(out, "%.3s %.3s", d.s, d.s + 3);
    } else if (n == 6) {
        buf_addf(out, "%.2s %.2s %.2s", d.s, d.s + 2, d.s + 4);
    } else if (n == 8) {
        buf_addf(out, "%.3s %.3s %.2s", d.s, d.s + 3, d.s + 6);
    } else {
        buf_addf(out, "%.3s %.2s %.2s", d.s, d.s + 3, d.s + 5);
    }
    buf_release(&d);
}

static enum demo_role_group
demo_group(enum org_kind kind)
{
    switch (kind) {
    case ORG_KIND_STARTUP:
        return GROUP_STARTUP;
    case ORG_KIND_UNIVERSITY:
        return GROUP_UNIVERSITY;
    case ORG_KIND_RESEARCH:
        return GROUP_RESEARCH;
    case ORG_KIND_PUBLIC:
        return GROUP_PUBLIC;
    case ORG_KIND_ASSOCIATION:
        return GROUP_ASSOCIATION;
    case ORG_KIND_OTHER:
        return GROUP_OTHER;
    default:
        return GROUP_COMPANY;
    }
}

static void
demo_gen_contact(struct demo_gen *g, enum org_kind kind, enum demo_country cc,
                 const struct demo_city *city, bool entry, struct contact *c)
{
    static const char *const(*const POSITIONS[GROUP__COUNT])[8] = {
        POS_COMPANY, POS_STARTUP,     POS_UNIVERSITY, POS_RESEARCH,
        POS_PUBLIC,  POS_ASSOCIATION, POS_OTHER,
    };
    const struct demo_country_data *cd = &COUNTRIES[cc];
    struct demo_rng *r = &g->rng;
    bool woman = demo_rng_percent(r, 50);
    const struct demo_strs *firsts = woman ? &cd->women : &cd->men;
    const char *first = firsts->v[demo_rng_below(r, firsts->n)];
    const struct demo_surname *sn =
        &cd->surnames[demo_rng_below(r, cd->nsurnames)];
    const char *last = woman ? sn->f : sn->m;
    struct buf b = BUF_INIT;
    buf_addf(&b, "%s %s", first, last);
    org_set_str(&c->name, b.s);
    size_t pos = demo_rng_below(r, 8);
    org_set_str(&c->position, POSITIONS[demo_group(kind)][entry ? 0 : 1][pos]);

    /* E-mail: first.last at the organisation, or at a free service. */
    bool has_email = entry || demo_rng_percent(r, 95);
    bool initial = demo_rng_percent(r, 15);
    const char *free_domain = cd->freemail.v[demo_rng_below(r, cd->freemail.n)];
    if (has_email) {
        buf_reset(&b);
        if (initial) {
            const char *e = first;
            demo_utf8_next(&e);
            struct buf one = BUF_INIT;
            buf_add(&one, first, (size_t)(e - first));
            demo_ascii(&b, one.s, cc, '\0');
            buf_release(&one);
        } else {
            demo_ascii(&b, first, cc, '-');
        }
        buf_addc(&b, '.');
        demo_ascii(&b, last, cc, '-');
        size_t local = b.len;
        const char *domain = *g->email_domain ? g->email_domain : free_domain;
        buf_addf(&b, "@%s", domain);
        for (unsigned n = 2; !demo_set_add(&g->emails, b.s); n++) {
            buf_setlen(&b, local);
            buf_addf(&b, "%u@%s", n, domain);
        }
        org_set_str(&c->email, b.s);
    }
    buf_reset(&b);
    if (entry || demo_rng_percent(r, 85))
        demo_phone(r, cc, city, &b);
    org_set_str(&c->phone, b.s);

    c->entry_point = entry;
    bool consent = demo_rng_percent(r, 85);
    int32_t day = (int32_t)demo_rng_range(r, g->consent_first, g->consent_last);
    const char *source = DEMO_PICK(r, CONSENT_SOURCES);
    if (has_email && consent) {
        char date[11];
        date_format(date_from_days(day), date);
        c->email_consent = true;
        org_set_str(&c->consent_date, date);
        org_set_str(&c->consent_source, source);
    }
    buf_release(&b);
}

/* Generates organisation i and its contacts into g->org and g->contacts. */
static void
demo_gen_next(struct demo_gen *g, size_t i)
{
    demo_gen_clear_current(g);
    enum org_kind kind = g->kinds[i];
    enum demo_country cc = (enum demo_country)g->countries[i];
    const struct demo_city *city = NULL;
    struct org *o = &g->org;
    bool unit = false;
    o->kind = kind;
    org_set_str(&o->country, COUNTRIES[cc].code);
    if (kind == ORG_KIND_UNIVERSITY || kind == ORG_KIND_RESEARCH ||
        kind == ORG_KIND_PUBLIC)
        demo_gen_institution(g, kind, cc, &city, &unit);
    else
        demo_gen_named(g, kind, cc, &city);

    if (demo_rng_percent(&g->rng, 20))
        demo_add_tags(o, DEMO_PICK(&g->rng, ECOSYSTEMS));
    o->employees = demo_employees(&g->rng, kind, unit);
    if ((kind == ORG_KIND_MICRO || kind == ORG_KIND_ASSOCIATION ||
         kind == ORG_KIND_OTHER) &&
        demo_rng_percent(&g->rng, 8))
        o->employees = ORG_EMPLOYEES_UNKNOWN;

    struct buf b = BUF_INIT;
    /* Departments carry no number of their own: theirs is the
     * institution's, and the register would take them for duplicates. */
    bool sole_trader = strncmp(o->name, "ФОП ", strlen("ФОП ")) == 0;
    if (!unit)
        demo_regno(g, kind, cc, city, sole_trader, &b);
    org_set_str(&o->registration_no, b.s);
    buf_reset(&b);
    demo_notes(g, kind, cc, city, &b);
    org_set_str(&o->notes, b.s);
    buf_release(&b);

    size_t n = g->contacts_of[i];
    ALLOC_GROW(g->contacts, n, g->contacts_alloc);
    for (size_t j = 0; j < n; j++) {
        contact_init(&g->contacts[j]);
        g->ncur = j + 1;
        demo_gen_contact(g, kind, cc, city, j == 0, &g->contacts[j]);
    }
}

/* ---- output: an import CSV file ---- */

static void
demo_csv_field(FILE *f, const char *s, bool last)
{
    if (strpbrk(s, ",;\"\r\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(last ? '\n' : ',', f);
}

/* Writes one row per contact, the organisation's fields on each (and
 * one row for an organisation without contacts), in the columns
 * docs/import.md names. Returns the number of rows or -1. */
static int64_t
demo_write_csv(struct demo_gen *g, const char *path)
{
    static const char HEADER[] =
        "name,kind,employees,nace,country,region,city,website,registration_no,"
        "tags,notes,contact_name,contact_email,contact_phone,contact_position,"
        "entry_point,email_consent,consent_date,consent_source\n";
    bool to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "w");
    int64_t rows = -1;
    struct buf tags = BUF_INIT;
    if (!f) {
        perror(path);
        goto out;
    }
    fputs(HEADER, f);
    rows = 0;
    for (size_t i = 0; i < g->norgs; i++) {
        demo_gen_next(g, i);
        const struct org *o = &g->org;
        char employees[24] = "";
        if (o->employees != ORG_EMPLOYEES_UNKNOWN)
            snprintf(employees, sizeof(employees), "%lld",
                     (long long)o->employees);
        buf_reset(&tags);
        org_tags_join(o, &tags);
        size_t n = g->ncur ? g->ncur : 1;
        for (size_t j = 0; j < n; j++) {
            const char *org_fields[] = {
                o->name,
                org_kind_name(o->kind),
                employees,
                o->nace,
                o->country,
                o->region,
                o->city,
                o->website,
                o->registration_no,
                tags.s,
                o->notes,
            };
            for (size_t k = 0; k < ARRAY_SIZE(org_fields); k++)
                demo_csv_field(f, org_fields[k], false);
            const struct contact *c = g->ncur ? &g->contacts[j] : NULL;
            const char *contact_fields[] = {
                c ? c->name : "",
                c ? c->email : "",
                c ? c->phone : "",
                c ? c->position : "",
                c && c->entry_point ? "yes" : "",
                c && c->email_consent ? "yes" : "",
                c ? c->consent_date : "",
                c ? c->consent_source : "",
            };
            for (size_t k = 0; k < ARRAY_SIZE(contact_fields); k++)
                demo_csv_field(f, contact_fields[k],
                               k + 1 == ARRAY_SIZE(contact_fields));
            rows++;
        }
    }
    if (fflush(f) || ferror(f)) {
        perror(path);
        rows = -1;
    }
out:
    if (f && !to_stdout && fclose(f) && rows >= 0) {
        perror(path);
        rows = -1;
    }
    buf_release(&tags);
    return rows;
}

/* ---- output: the database ---- */

#define DEMO_USERS 3

struct demo_load {
    const char *name;
    const char *slug;
    const char *today;
    uint64_t seed;
    size_t norgs, ncontacts, nmembers;
    int years;
    size_t nleads, nactivities; /* the funnel's */
    bool activities_given;
    struct demo_funnel_summary funnel;
    const char *emails[DEMO_USERS];
    char hashes[DEMO_USERS][CRYPTO_PWHASH_TEXT];
    bool existed;
    struct cluster cluster;
};

static const enum role DEMO_ROLES[DEMO_USERS] = { ROLE_ADMIN, ROLE_MANAGER,
                                                  ROLE_BOARD };
static const char *const DEMO_USER_NAMES[DEMO_USERS] = {
    "Demo Admin",
    "Demo Manager",
    "Demo Board Member",
};

/* Reports a generated record that the rules refuse: a bug here. */
static int
demo_refused(const char *what, const char *name, struct err *err)
{
    fprintf(stderr, "clusterdesk: generated %s '%s' is invalid (%s: %s)\n",
            what, name, err->field, err->msg);
    return -1;
}

static int
demo_load_in_tx(struct store *st, void *vctx, struct err *err)
{
    struct demo_load *l = vctx;
    struct demo_gen g;
    struct demo_org *orgs = NULL;
    bool generating = false;
    int rc = -1;
    enum store_rc found = cluster_store_find(st, l->slug, &l->cluster, err);
    if (found == STORE_HARD)
        goto out;
    if (found == STORE_ONE) {
        l->existed = true;
        rc = 0;
        goto out;
    }
    if (cluster_store_add(st, l->name, &l->cluster, err))
        goto out;
    struct scope sc = cli_scope(l->cluster.id);
    for (int i = 0; i < DEMO_USERS; i++) {
        struct user u = { 0 };
        u.email = (char *)l->emails[i];
        u.name = (char *)DEMO_USER_NAMES[i];
        u.role = DEMO_ROLES[i];
        if (user_store_add(st, &sc, &u, l->hashes[i], NULL, err))
            goto out;
    }
    /* The funnel's extra leads follow the register's organisations. */
    size_t nall = l->norgs + l->nleads;
    demo_gen_init(&g, l->seed, nall, l->ncontacts, l->today);
    generating = true;
    orgs = xcalloc(nall ? nall : 1, sizeof(*orgs));
    for (size_t i = 0; i < nall; i++) {
        demo_gen_next(&g, i);
        if (org_validate(&g.org, err)) {
            demo_refused("organisation", g.org.name, err);
            goto out;
        }
        if (org_store_create(st, &sc, &g.org, err))
            goto out;
        orgs[i].id = g.org.id;
        orgs[i].kind = g.org.kind;
        for (size_t j = 0; j < g.ncur; j++) {
            struct contact *c = &g.contacts[j];
            c->organisation_id = g.org.id;
            if (contact_validate(c, l->today, err)) {
                demo_refused("contact", c->name, err);
                goto out;
            }
            if (contact_store_create(st, &sc, c, err))
                goto out;
        }
    }
    rc = demo_membership_load(st, &sc, l->name, orgs, l->norgs, l->nmembers,
                              l->years, l->today, l->seed, err);
    if (!rc)
        rc = demo_funnel_load(st, &sc, orgs, nall, l->nactivities,
                              l->activities_given, l->today, l->seed,
                              &l->funnel, err);
out:
    free(orgs);
    if (generating)
        demo_gen_release(&g);
    return rc;
}

/* ---- the command ---- */

static const char USAGE[] =
    "usage: clusterdesk demo [--db PATH] [--cluster-name NAME]\n"
    "                        [--organisations N] [--contacts M] [--seed S]\n"
    "                        [--members K] [--years Y]\n"
    "                        [--leads N] [--activities A]\n"
    "                        [--admin EMAIL] [--today DATE]\n"
    "       clusterdesk demo --csv FILE [--organisations N] [--contacts M]\n"
    "                        [--seed S]\n"
    "\n"
    "Loads a realistic demo cluster: organisations of every kind, most of\n"
    "them SMEs, from Ukraine, Sweden, Germany and Poland, with their contact\n"
    "people (one entry point each, most with e-mail consent), a price list\n"
    "of membership tiers, members that joined over the last years with\n"
    "their invoices and payments (some overdue), a few applicants, and this\n"
    "year's targets and budget, and the recruitment funnel's last twelve\n"
    "months: leads with sources and owners, outreach, interest signals,\n"
    "events with registrations and fees, and three working groups. The\n"
    "same seed and today give the same data. It also adds three users: the\n"
    "admin, manager@demo.clusterdesk.test and board@demo.clusterdesk.test\n"
    "(read only). Their password comes from CLUSTERDESK_PASSWORD and is\n"
    "\"" DEMO_DEFAULT_PASSWORD "\" when that is unset: this is demo data, not\n"
    "a place for real members.\n"
    "\n"
    "When a cluster with the name's slug exists, nothing is changed and the\n"
    "exit status is 0, so it is safe to run at every start. Everything else\n"
    "is one transaction: all of it is loaded, or none.\n"
    "\n"
    "  --db PATH            SQLite file (CLUSTERDESK_DB;\n"
    "                       default var/clusterdesk.db)\n"
    "  --cluster-name NAME  the cluster (default \"" DEMO_DEFAULT_NAME "\",\n"
    "                       slug " DEMO_DEFAULT_SLUG "); for another name the\n"
    "                       users are at SLUG.clusterdesk.test\n"
    "  --organisations N    organisations, 0 to 1000000 (default 48)\n"
    "  --contacts M         contact people, 0 to 5000000 (default 100)\n"
    "  --members K          memberships among the organisations (default\n"
    "                       62 % of them)\n"
    "  --years Y            years of membership history, 1 to 20 (default 3)\n"
    "  --leads N            further organisations that are only leads\n"
    "                       (default 0), for the funnel's benchmark; the\n"
    "                       story adds a quarter more than --organisations\n"
    "                       (at most 200) with a contact each in any case\n"
    "  --activities A       activities in all, at least what the story\n"
    "                       needs (the default); beyond the story, further\n"
    "                       outreach over the year, and one lead gets 1,000\n"
    "  --seed S             the generator's seed, a whole number (default 1)\n"
    "  --admin EMAIL        the admin (default admin@demo.clusterdesk.test)\n"
    "  --today DATE         latest consent date (CLUSTERDESK_TODAY;\n"
    "                       default today)\n"
    "  --csv FILE           write the data as an import CSV file (one row\n"
    "                       per contact; - for standard output) instead of\n"
    "                       loading it\n";

/* Parses a whole number from 0 to max; says why not. */
static int
demo_parse_count(const char *s, unsigned long long max, const char *flag,
                 unsigned long long *out)
{
    char *end;
    if (!s || !*s || *s == '-' || *s == '+') {
        fprintf(stderr, "clusterdesk: %s needs a whole number\n", flag);
        return -1;
    }
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || v > max) {
        fprintf(stderr,
                "clusterdesk: %s must be a whole number from 0 to %llu\n", flag,
                max);
        return -1;
    }
    *out = v;
    return 0;
}

struct demo_opts {
    const char *db;
    const char *name;
    const char *admin;
    const char *csv;
    const char *today;
    unsigned long long norgs, ncontacts, seed, nmembers, years;
    unsigned long long nleads, nactivities;
    bool members_given, activities_given;
    bool help;
};

/* Returns 0, -1 for a usage error, or -2 for a bad value (reported). */
static int
demo_parse_opts(int argc, char **argv, struct demo_opts *o)
{
    static const struct option OPTS[] = {
        { "db", required_argument, NULL, 'd' },
        { "cluster-name", required_argument, NULL, 'n' },
        { "organisations", required_argument, NULL, 'o' },
        { "organizations", required_argument, NULL, 'o' },
        { "contacts", required_argument, NULL, 'c' },
        { "seed", required_argument, NULL, 's' },
        { "members", required_argument, NULL, 'm' },
        { "years", required_argument, NULL, 'y' },
        { "leads", required_argument, NULL, 'L' },
        { "activities", required_argument, NULL, 'A' },
        { "admin", required_argument, NULL, 'a' },
        { "csv", required_argument, NULL, 'v' },
        { "today", required_argument, NULL, 'T' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof(*o));
    o->name = DEMO_DEFAULT_NAME;
    o->norgs = 48;
    o->ncontacts = 100;
    o->seed = 1;
    o->years = 3;
    const char *env_today = getenv("CLUSTERDESK_TODAY");
    o->today = env_today && *env_today ? env_today : NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", OPTS, NULL)) != -1) {
        switch (c) {
        case 'd':
            o->db = optarg;
            break;
        case 'n':
            o->name = optarg;
            break;
        case 'a':
            o->admin = optarg;
            break;
        case 'v':
            o->csv = optarg;
            break;
        case 'T':
            o->today = optarg;
            break;
        case 'h':
            o->help = true;
            break;
        case 'o':
            if (demo_parse_count(optarg, DEMO_MAX_ORGS, "--organisations",
                                 &o->norgs))
                return -2;
            break;
        case 'c':
            if (demo_parse_count(optarg, DEMO_MAX_CONTACTS, "--contacts",
                                 &o->ncontacts))
                return -2;
            break;
        case 's':
            if (demo_parse_count(optarg, UINT64_MAX, "--seed", &o->seed))
                return -2;
            break;
        case 'm':
            if (demo_parse_count(optarg, DEMO_MAX_ORGS, "--members",
                                 &o->nmembers))
                return -2;
            o->members_given = true;
            break;
        case 'L':
            if (demo_parse_count(optarg, DEMO_MAX_ORGS, "--leads", &o->nleads))
                return -2;
            break;
        case 'A':
            if (demo_parse_count(optarg, DEMO_MAX_ACTIVITIES, "--activities",
                                 &o->nactivities))
                return -2;
            o->activities_given = true;
            break;
        case 'y':
            if (demo_parse_count(optarg, 20, "--years", &o->years))
                return -2;
            if (o->years == 0) {
                fprintf(stderr, "clusterdesk: --years must be 1 to 20\n");
                return -2;
            }
            break;
        default:
            return -1;
        }
    }
    return optind == argc ? 0 : -1;
}

int
cli_demo(int argc, char **argv)
{
    struct demo_opts o;
    struct demo_load l;
    struct store *st = NULL;
    struct buf slug = BUF_INIT, domain = BUF_INIT, admin = BUF_INIT;
    struct buf manager = BUF_INIT, board = BUF_INIT;
    struct err err = ERR_INIT;
    char today[11];
    int rc = 2;
    memset(&l, 0, sizeof(l));
    int parsed = demo_parse_opts(argc, argv, &o);
    if (parsed == -1)
        cli_usage(USAGE, false);
    if (parsed)
        goto out;
    if (o.help) {
        rc = cli_usage(USAGE, true);
        goto out;
    }
    if (cli_today(o.today, today))
        goto out;
    if (o.norgs + o.nleads > DEMO_MAX_ORGS) {
        fprintf(stderr,
                "clusterdesk: --organisations and --leads together "
                "must not pass %d\n",
                DEMO_MAX_ORGS);
        goto out;
    }
    if (o.norgs + o.nleads == 0 && o.ncontacts > 0) {
        fprintf(stderr, "clusterdesk: contacts need organisations "
                        "(--organisations is 0)\n");
        goto out;
    }
    rc = 1;

    if (o.csv) {
        struct demo_gen g;
        demo_gen_init(&g, o.seed, (size_t)o.norgs, (size_t)o.ncontacts, today);
        int64_t rows = demo_write_csv(&g, o.csv);
        demo_gen_release(&g);
        if (rows < 0)
            goto out;
        /* The summary must not mix with a CSV on standard output. */
        fprintf(strcmp(o.csv, "-") == 0 ? stderr : stdout,
                "%s: %llu organisations, %llu contacts in %lld rows\n", o.csv,
                o.norgs, o.ncontacts, (long long)rows);
        rc = 0;
        goto out;
    }

    if (!text_slug(&slug, o.name))
        buf_adds(&slug, "cluster");
    if (strcmp(slug.s, DEMO_DEFAULT_SLUG) == 0)
        buf_adds(&domain, "demo.clusterdesk.test");
    else
        buf_addf(&domain, "%s.clusterdesk.test", slug.s);
    const char *a = o.admin ? o.admin : NULL;
    if (a) {
        for (; *a; a++)
            buf_addc(&admin, (char)(*a >= 'A' && *a <= 'Z' ? *a + 32 : *a));
    } else {
        buf_addf(&admin, "admin@%s", domain.s);
    }
    if (!text_is_email(admin.s)) {
        fprintf(stderr, "clusterdesk: '%s' is not an e-mail address\n",
                admin.s);
        rc = 2;
        goto out;
    }
    buf_addf(&manager, "manager@%s", domain.s);
    buf_addf(&board, "board@%s", domain.s);

    st = cli_open(cli_db_path(o.db));
    if (!st)
        goto out;
    struct cluster existing = { 0 };
    enum store_rc found = cluster_store_find(st, slug.s, &existing, &err);
    cluster_release(&existing);
    if (found == STORE_HARD) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        goto out;
    }
    if (found == STORE_ONE) {
        printf("%s: already there; nothing changed\n", slug.s);
        rc = 0;
        goto out;
    }

    const char *env = getenv("CLUSTERDESK_PASSWORD");
    bool default_pw = !env || !*env;
    const char *pw = default_pw ? DEMO_DEFAULT_PASSWORD : env;
    if (user_password_check(pw, &err)) {
        fprintf(stderr, "clusterdesk: CLUSTERDESK_PASSWORD: %s\n", err.msg);
        goto out;
    }
    /* Hashing takes a while by design: do it before the write lock. */
    for (int i = 0; i < DEMO_USERS; i++) {
        if (crypto_password_hash(pw, l.hashes[i])) {
            fprintf(stderr,
                    "clusterdesk: not enough memory to hash the password\n");
            goto out;
        }
    }
    l.name = o.name;
    l.slug = slug.s;
    l.today = today;
    l.seed = o.seed;
    l.norgs = (size_t)o.norgs;
    l.ncontacts = (size_t)o.ncontacts;
    l.nmembers =
        o.members_given ? (size_t)o.nmembers : (size_t)(o.norgs * 62 / 100);
    l.years = (int)o.years;
    /* The funnel's story brings its own leads, with a contact each. */
    size_t story_leads = demo_funnel_story_leads(l.norgs);
    l.nleads = (size_t)o.nleads + story_leads;
    l.ncontacts += story_leads;
    l.nactivities = (size_t)o.nactivities;
    l.activities_given = o.activities_given;
    l.emails[0] = admin.s;
    l.emails[1] = manager.s;
    l.emails[2] = board.s;
    if (store_tx(st, demo_load_in_tx, &l, &err)) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        goto out;
    }
    if (l.existed) {
        printf("%s: already there; nothing changed\n", slug.s);
    } else {
        printf("%s: %zu organisations, %zu contacts, %zu memberships; "
               "sign in as %s / %s\n",
               l.cluster.slug, l.norgs + l.nleads, l.ncontacts,
               l.nmembers < l.norgs ? l.nmembers : l.norgs, admin.s,
               default_pw ? DEMO_DEFAULT_PASSWORD
                          : "(the password in CLUSTERDESK_PASSWORD)");
        printf("%s: also %s (manager) and %s (board, read only), "
               "same password\n",
               l.cluster.slug, manager.s, board.s);
        demo_funnel_print(&l.funnel, l.cluster.slug);
    }
    rc = 0;
out:
    cluster_release(&l.cluster);
    store_close(st);
    buf_release(&slug);
    buf_release(&domain);
    buf_release(&admin);
    buf_release(&manager);
    buf_release(&board);
    return rc;
}
