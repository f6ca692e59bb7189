// Dutch texts. Informal "je", short, warm; sharing is always a free choice, never an obligation.
// Command words stay English (help, join, ...) because they work on every platform; the Dutch aliases work too.
#include "bot/i18n/catalog.hpp"

namespace ambassador::i18n::detail {
namespace {

constexpr CatalogTable kDutch{{
    {Msg::help,
     {"Dit kan ik voor je doen:\n"
      "help — dit overzicht\n"
      "join — meld je aan als ambassadeur (in het kanaal van je afdeling)\n"
      "themes <lijst> — kies je thema's, bijvoorbeeld: themes klimaat, wijk\n"
      "stop — geen berichten meer van mij\n"
      "start — weer suggesties ontvangen\n"
      "whoami — wat ik van je weet\n"
      "stats — hoe vaak je deelde en hoe vaak erop geklikt is\n"
      "idea <tekst> — stuur de redactie een idee voor een bericht\n"
      "signaal klacht|lead <tekst> — geef door wat je in je netwerk hoort\n"
      "Webcare en experts: vraag <onderwerp>: <vraag>, claimen, antwoord, vervolg, nietvoorons en sluit met een "
      "kenmerk\n"
      "Nederlandse woorden werken ook: hulp, aanmelden, thema's, afmelden, wie, statistiek, idee, signaal.\n"
      "Delen is altijd vrijwillig: deel wat je aanspreekt, sla over wat niet bij je past."}},
    {Msg::unknown_command, {"Het commando \"{command}\" ken ik niet. Typ help voor een overzicht."}},
    {Msg::join_ok,
     {"Welkom bij de ambassadeurs van {department}! Ik stuur je af en toe een suggestie om te delen. "
      "Deel alleen wat goed voelt. Typ help om te zien wat ik nog meer kan."}},
    {Msg::join_already, {"Je bent al ambassadeur voor {department}."}},
    {Msg::join_no_department,
     {"Dit kanaal is nog niet gekoppeld aan een afdeling, dus aanmelden kan hier nog niet. "
      "De coördinator van het programma kan het koppelen."}},
    {Msg::themes_set, {"Gelukt. Je thema's: {themes}."}},
    {Msg::themes_current, {"Je thema's: {themes}. Wijzigen kan met themes <lijst>."}},
    {Msg::themes_none, {"Je hebt nog geen thema's gekozen. Kies ze met themes <lijst>."}},
    {Msg::themes_unknown, {"Deze thema's ken ik niet: {unknown}. Je kunt kiezen uit: {available}."}},
    {Msg::themes_available, {"Beschikbare thema's: {available}."}},
    {Msg::stop_ok, {"Oké, ik stuur je geen berichten meer. Je bent altijd welkom terug: typ gewoon start."}},
    {Msg::stop_already, {"Je ontvangt al geen berichten van mij. Typ start als je ze weer wilt krijgen."}},
    {Msg::start_ok, {"Welkom terug! Je krijgt weer suggesties. Typ stop wanneer je even pauze wilt."}},
    {Msg::start_already, {"Je ontvangt al suggesties. Typ stop als je even pauze wilt."}},
    {Msg::not_registered, {"Je bent nog niet aangemeld. Typ join in het kanaal van je afdeling om mee te doen."}},
    {Msg::not_allowed, {"Sorry, dit commando is niet voor jou beschikbaar. Typ help om te zien wat je wel kunt."}},
    {Msg::whoami,
     {"Naam: {name}\n"
      "Afdeling: {department}\n"
      "Rollen: {roles}\n"
      "Thema's: {themes}\n"
      "Status: {status}"}},
    {Msg::status_active, {"actief"}},
    {Msg::status_opted_out, {"gepauzeerd (typ start om weer suggesties te krijgen)"}},
    {Msg::value_none, {"geen"}},
    {Msg::welcome_member,
     {"Welkom, {name}! In dit kanaal loopt een ambassadeursprogramma: af en toe deel ik berichten die je kunt "
      "doorsturen als je dat leuk vindt. Interesse? Typ join."}},
    {Msg::bot_added_to_channel,
     {"Hallo {channel}! Ik ben de ambassadeursbot. Ik deel hier af en toe suggesties voor berichten die je kunt "
      "doorsturen, altijd vrijwillig. Typ join om mee te doen of help voor meer informatie."}},
    {Msg::bot_added_to_untitled_channel,
     {"Hallo allemaal! Ik ben de ambassadeursbot. Ik deel hier af en toe suggesties voor berichten die je kunt "
      "doorsturen, altijd vrijwillig. Typ join om mee te doen of help voor meer informatie."}},
    {Msg::idea_received, {"Dank je voor je idee! Ik heb het doorgegeven aan de redactie."}},
    {Msg::idea_empty,
     {"Wat is je idee? Typ idee gevolgd door je tekst, bijvoorbeeld: idee een verhaal over onze nieuwe speeltuin."}},
    {Msg::idea_too_long, {"Dat is wat lang voor mij. Past je idee in {max} tekens?"}},
    {Msg::stats_personal,
     {.other = "Je hebt {count} berichten gedeeld. Klikken op je links: {clicks}. Dank je wel!",
      .one = "Je hebt {count} bericht gedeeld. Klikken op je links: {clicks}. Dank je wel!"}},
    {Msg::stats_none,
     {"Je hebt nog niets gedeeld, en dat is prima. Spreekt een suggestie je aan, dan is één tik genoeg."}},
    {Msg::rate_limited_user, {"Dat zijn veel commando's in korte tijd. Probeer het over een minuutje opnieuw."}},
    {Msg::internal_error, {"Sorry, er ging bij mij iets mis. Er is niets verloren gegaan; probeer het zo nog eens."}},
    {Msg::footer_voluntary, {"Delen is altijd vrijwillig. Typ stop om deze berichten te pauzeren."}},
    {Msg::post_suggested_text, {"Voorgestelde tekst: {text}"}},
    {Msg::post_personal_note, {"Pas de tekst gerust aan en voeg een persoonlijke noot toe: dat werkt het best."}},
    {Msg::button_share_links, {"Mijn deellinks"}},
    {Msg::button_shared, {"Ik heb gedeeld"}},
    {Msg::button_skip, {"Niet voor mij"}},
    {Msg::button_share_linkedin, {"Deel op LinkedIn"}},
    {Msg::button_share_x, {"Deel op X"}},
    {Msg::button_share_facebook, {"Deel op Facebook"}},
    {Msg::share_links_intro, {"Je persoonlijke links voor “{title}”. Klikken erop tellen mee in je statistieken."}},
    {Msg::share_thanks, {"Dank je wel voor het delen! Typ stats om te zien wat het oplevert."}},
    {Msg::share_already, {"Die deling had ik al genoteerd. Dank je!"}},
    {Msg::skip_ok, {"Helemaal goed, deze sla je over."}},
    {Msg::post_unavailable, {"Dit bericht is niet meer beschikbaar."}},
    {Msg::post_withdrawn, {"Deze suggestie is ingetrokken."}},
    {Msg::idea_approved, {"Goed nieuws: je idee “{idea}” wordt een bericht. {note}"}},
    {Msg::idea_rejected, {"Dank voor je idee “{idea}”. De redactie doet er nu niets mee. {note}"}},
    {Msg::admin_bot_added_linked, {"{who} heeft me toegevoegd aan {where}. Gekoppelde afdeling: {department}."}},
    {Msg::admin_bot_added_unlinked,
     {"{who} heeft me toegevoegd aan {where}. Er is nog geen afdeling aan gekoppeld. Koppelen doe je in het "
      "configuratiebestand: plak dit onder de juiste [[departments]] en start de bot opnieuw.\n{snippet}"}},
    {Msg::admin_bot_removed_linked,
     {"{who} heeft me verwijderd uit {where} (afdeling {department}). Berichten daarheen worden niet meer bezorgd."}},
    {Msg::admin_bot_removed_unlinked,
     {"{who} heeft me verwijderd uit {where}. Berichten daarheen worden niet meer bezorgd."}},
    {Msg::admin_channel_moved_linked,
     {"{where} (afdeling {department}) is omgezet en heeft een nieuw id: {new_id}. Ik bezorg daar nu onder het "
      "nieuwe id en onthoud dat ook na een herstart. Verander toch het id van deze groep in het configuratiebestand "
      "van {old_id} in {new_id}, zodat het bestand zegt waar berichten heen gaan."}},
    {Msg::admin_channel_moved_unlinked,
     {"{where} is omgezet en heeft een nieuw id: {new_id}. Er is nog geen afdeling aan gekoppeld. Koppelen doe je "
      "in het configuratiebestand: plak dit onder de juiste [[departments]] en start de bot opnieuw.\n{snippet}"}},
    {Msg::admin_someone, {"Iemand"}},
    {Msg::webcare_ask_usage,
     {"Vraag het zo: vraag <afdeling of onderwerp>: <vraag>. Eventueel met regels eronder: bron: x, facebook, "
      "instagram, linkedin, web, telefoon, email of anders; link: <url>; prioriteit: hoog, normaal of laag."}},
    {Msg::webcare_ask_only_in_webcare,
     {"Vragen voor de experts beginnen in een webcare-kanaal. Stel ze daar, of via de API."}},
    {Msg::webcare_form_value_unknown, {"“{value}” is geen geldige {field}. Kies uit: {allowed}."}},
    {Msg::webcare_question_created,
     {"Dank je! {reference} is naar {department} gegaan. Je hoort het hier zodra iemand antwoordt."}},
    {Msg::webcare_routed_default,
     {"Ik kon “{topic}” niet aan een afdeling koppelen, dus hij is naar {department} gegaan."}},
    {Msg::webcare_question_title, {"Vraag van webcare {reference} ({priority})"}},
    {Msg::webcare_question_footer, {"Bron: {source}. Graag oppakken vóór {deadline}."}},
    {Msg::webcare_question_footer_no_deadline, {"Bron: {source}."}},
    {Msg::webcare_experts, {"Experts op dit onderwerp: {names}"}},
    {Msg::webcare_button_claim, {"Ik pak hem op"}},
    {Msg::webcare_button_notmine, {"Niet mijn afdeling"}},
    {Msg::webcare_button_close, {"Afsluiten"}},
    {Msg::webcare_claimed_in_channel, {"{name} heeft {reference} opgepakt."}},
    {Msg::webcare_claim_taken, {"{name} heeft hem al sinds {time}."}},
    {Msg::webcare_claim_ok,
     {"{reference} is van jou. De volledige vraag:\n{text}\nAntwoord met: antwoord {reference}: <je antwoord>"}},
    {Msg::webcare_claim_ack, {"{reference} is van jou. De volledige vraag staat in je privéberichten."}},
    {Msg::webcare_claim_relay, {"{name} ({department}) werkt aan {reference}."}},
    {Msg::webcare_unknown_reference, {"Ik ken de vraag {reference} niet. Er is niets veranderd."}},
    {Msg::webcare_reference_missing,
     {"Noem het kenmerk van de vraag, bijvoorbeeld: antwoord W-2027-0042: <je antwoord>."}},
    {Msg::webcare_not_for_you,
     {"{reference} is voor {department}; die kun je hier niet afhandelen. Er is niets veranderd."}},
    {Msg::webcare_is_closed, {"{reference} is al afgesloten. Er is niets veranderd."}},
    {Msg::webcare_answer_usage, {"Antwoord zo: antwoord W-2027-0042: <je antwoord>"}},
    {Msg::webcare_answer_ok, {"Dank je! Je antwoord op {reference} is naar webcare gegaan."}},
    {Msg::webcare_answer_relay,
     {"Antwoord op {reference} van {name} ({department}):\n{answer}\nSluit af met: sluit {reference}. Meer nodig? "
      "vervolg {reference}: <vraag>"}},
    {Msg::webcare_already_answered,
     {"{reference} is al beantwoord. Er is niets veranderd; webcare kan hem terugsturen met een vervolgvraag."}},
    {Msg::webcare_close_ok, {"{reference} is afgesloten. Dank je!"}},
    {Msg::webcare_closed_in_channel, {"Webcare heeft {reference} afgesloten. Dank voor de hulp!"}},
    {Msg::webcare_followup_usage, {"Stuur een vervolgvraag zo: vervolg W-2027-0042: <vraag>"}},
    {Msg::webcare_followup_ok, {"Je vervolgvraag op {reference} is terug naar de expert."}},
    {Msg::webcare_followup_relay,
     {"Vervolgvraag van webcare op {reference}:\n{text}\nAntwoord met: antwoord {reference}: <je antwoord>"}},
    {Msg::webcare_notmine_usage,
     {"Stuur hem door zo: nietvoorons {reference}: <waarom, en voor welke afdeling of welk onderwerp>"}},
    {Msg::webcare_rerouted_ok, {"Dank je, {reference} is naar {department} gegaan."}},
    {Msg::webcare_rerouted_relay,
     {"{name} ({from}) geeft aan dat {reference} niet voor hen is: “{reason}”. Hij is naar {department} gegaan."}},
    {Msg::webcare_only_webcare,
     {"Alleen webcare kan dat voor {reference}: de eigenaar, of iemand in een webcare-kanaal. Er is niets veranderd."}},
    {Msg::webcare_reminder_claim,
     {"Herinnering: {reference} wacht nog op iemand die hem oppakt. Deadline: {deadline}."}},
    {Msg::webcare_reminder_answer, {"Herinnering: {reference} heeft nog een antwoord nodig. Deadline: {deadline}."}},
    {Msg::webcare_escalated, {"{reference} heeft de deadline gemist. Opgeschaald naar {who}."}},
    {Msg::webcare_escalation_request,
     {"{reference} voor {department} heeft de deadline gemist. Wil jij zorgen dat iemand hem oppakt?"}},
    {Msg::webcare_escalation_nobody,
     {"{reference} ({department}) heeft de deadline gemist, en {department} heeft in de configuratie geen achtervang "
      "of leidinggevende meer om naar op te schalen."}},
    {Msg::webcare_channel_gone,
     {"{department} heeft geen actief kanaal voor {reference} (de bot is verwijderd of er is er geen ingesteld), dus "
      "hij is meteen opgeschaald."}},
    {Msg::priority_high, {"hoog"}},
    {Msg::priority_normal, {"normaal"}},
    {Msg::priority_low, {"laag"}},
    {Msg::signal_usage,
     {"Geef door wat je in je netwerk hoort: signaal klacht <tekst>, signaal lead <tekst> of signaal idee <tekst>. "
      "Laat namen en contactgegevens weg die niet nodig zijn."}},
    {Msg::signal_received,
     {"Dank voor het doorgeven! Je signaal is {reference}; ik laat je weten wanneer het is opgepakt."}},
    {Msg::signal_complaint_title, {"Klacht gehoord door een ambassadeur ({reference})"}},
    {Msg::signal_lead_title, {"Lead van een ambassadeur ({reference})"}},
    {Msg::signal_no_channel,
     {"Er is nog geen kanaal voor dit soort signalen. De programmacoördinator kan er een instellen."}},
    {Msg::signal_handled, {"Je signaal {reference} is afgehandeld. Dank je wel voor het doorgeven!"}},
    {Msg::signal_close_hint, {"Sluit af als het klaar is met: sluit {reference}"}},
    {Msg::signal_footer, {"Graag oppakken vóór {deadline}."}},
    {Msg::digest_title, {"Dagstart {date}"}},
    {Msg::digest_open, {"Openstaande vragen: {count}"}},
    {Msg::digest_open_department, {"· {department}: {count} (oudste {age})"}},
    {Msg::digest_since, {"Sinds de vorige dagstart: {answered} beantwoord, {breaches} SLA-deadlines gemist."}},
    {Msg::digest_breach_department, {"· gemist door {department}: {count}"}},
    {Msg::digest_topics, {"Meest gevraagd deze week: {topics}"}},
    {Msg::weekly_digest_title, {"Jouw week als ambassadeur ({week})"}},
    {Msg::weekly_digest_posts,
     {.other = "{count} suggesties van deze week passen bij je thema's en liggen nog voor je klaar:",
      .one = "{count} suggestie van deze week past bij je thema's en ligt nog voor je klaar:"}},
    {Msg::weekly_digest_post, {"· {title} — {link}"}},
    {Msg::weekly_digest_more, {"· en nog {count}"}},
    {Msg::weekly_digest_activity, {"Je deelde deze week {shares} keer. Klikken op je links: {clicks}. Dank je wel!"}},
    {Msg::weekly_digest_footer, {"Delen is altijd vrijwillig. Liever geen overzicht meer? Typ: overzicht uit"}},
    {Msg::digest_usage_on, {"Je krijgt een wekelijks overzicht. Zet het uit met: overzicht uit"}},
    {Msg::digest_usage_off, {"Je wekelijkse overzicht staat uit. Zet het aan met: overzicht aan"}},
    {Msg::digest_on_ok, {"Klaar: je krijgt je wekelijkse overzicht weer."}},
    {Msg::digest_off_ok, {"Klaar: geen wekelijks overzicht meer. Zet het weer aan wanneer je wilt met: overzicht aan"}},
    {Msg::report_title, {"{department}: het ambassadeursprogramma in {month}"}},
    {Msg::report_figures, {"Actieve ambassadeurs: {active}. Gedeeld: {shares}. Klikken op gedeelde links: {clicks}."}},
    {Msg::report_questions, {"Beantwoorde webcarevragen: {answered}, waarvan binnen de SLA: {within_sla}."}},
    {Msg::report_new, {.other = "Nieuwe ambassadeurs ({count}): {names}", .one = "Nieuwe ambassadeur: {names}"}},
    {Msg::report_inactive,
     {.other =
          "Geen activiteit in 60 dagen ({count}): {names}. Een persoonlijk woord helpt vaak meer dan een herinnering.",
      .one = "Geen activiteit in 60 dagen: {names}. Een persoonlijk woord helpt vaak meer dan een herinnering."}},
    {Msg::report_inactive_none, {"Iedereen was actief in de afgelopen 60 dagen."}},
    {Msg::intervision_usage,
     {"Intervisie: intervisie (je volgende bijeenkomst), intervisie wie, intervisie overslaan <datum>, "
      "intervisie verplaats <datum> naar <datum> <UU:MM>, intervisie wijzig vanaf <datum> <nieuw schema>, "
      "intervisie annuleer, intervisie notities <tekst>. Een lead plant hem met: intervisie elke 2 weken "
      "op dinsdag 15:00 60 min in \"Stadskantoor 3.14\" vanaf 2027-01-12"}},
    {Msg::intervision_form_usage,
     {"Dat schema kon ik niet lezen. De vorm is: intervisie elke <n> weken op <weekdag> <UU:MM> <minuten> "
      "min in \"<plek>\" vanaf <JJJJ-MM-DD>, bijvoorbeeld: intervisie elke 2 weken op dinsdag 15:00 60 min "
      "in \"Stadskantoor 3.14\" vanaf 2027-01-12 (of: maandelijks op de 2e dinsdag ...)"}},
    {Msg::intervision_location_too_long, {"De plek is te lang (hooguit 200 tekens)."}},
    {Msg::intervision_bad_date, {"{date} is geen datum op de kalender (JJJJ-MM-DD)."}},
    {Msg::intervision_bad_time, {"{time} is geen tijdstip (UU:MM, 00:00 tot 23:59)."}},
    {Msg::intervision_unknown_zone,
     {"De tijdzone {zone} van de afdeling is onbekend; vraag de programmacoördinator de config aan te "
      "passen."}},
    {Msg::intervision_dst_gap,
     {"{time} bestaat daar niet: de klok slaat dat uur over (zomertijd). Kies een andere tijd."}},
    {Msg::intervision_bad_duration, {"Een bijeenkomst duurt 1 tot 1440 minuten."}},
    {Msg::intervision_in_past, {"{date} is al voorbij; kies een start in de toekomst."}},
    {Msg::intervision_only_in_department,
     {"Intervisie hoort bij een afdeling: gebruik het in het ambassadeurskanaal van je afdeling."}},
    {Msg::intervision_only_lead, {"Alleen de lead van de afdeling kan intervisie plannen of wijzigen."}},
    {Msg::intervision_already_planned,
     {"Hier is al intervisie gepland. Wijzig hem met: intervisie wijzig vanaf <datum> ..., of annuleer hem "
      "eerst."}},
    {Msg::intervision_none, {"Hier is geen intervisie gepland."}},
    {Msg::intervision_scheduled,
     {"Intervisie is gepland: {schedule}. De eerste bijeenkomst is op {first}{location}. Je krijgt een "
      "herinnering met knoppen om te laten weten of je komt."}},
    {Msg::intervision_at_location, {"in {location}"}},
    {Msg::intervision_next, {"Volgende intervisie: {when}{location}. Jouw antwoord: {answer}."}},
    {Msg::intervision_who, {"Intervisie {when}\nkomt: {going}\nmisschien: {maybe}\nkomt niet: {not_going}"}},
    {Msg::intervision_no_such_meeting, {"Er is geen komende intervisie op {date}."}},
    {Msg::intervision_skipped, {"De intervisie van {when} gaat niet door; de reeks loopt verder zoals gepland."}},
    {Msg::intervision_moved, {"De intervisie van {when} wordt verplaatst naar {to}. Jullie antwoorden blijven staan."}},
    {Msg::intervision_move_usage,
     {"Verplaats een bijeenkomst met: intervisie verplaats <datum> naar <JJJJ-MM-DD> <UU:MM>, "
      "bijvoorbeeld: intervisie verplaats 2027-02-09 naar 2027-02-10 16:00"}},
    {Msg::intervision_date_usage,
     {"Noem de bijeenkomst bij zijn datum, bijvoorbeeld: intervisie overslaan 2027-02-09"}},
    {Msg::intervision_changed,
     {"Vanaf {date} verandert de intervisie: {schedule}. De eerste bijeenkomst in het nieuwe ritme is op "
      "{first}{location}."}},
    {Msg::intervision_cancelled, {"De intervisie is geannuleerd: er staan geen bijeenkomsten meer gepland."}},
    {Msg::intervision_notes_saved, {"Notities bewaard bij de intervisie van {when}."}},
    {Msg::intervision_notes_usage,
     {"Bewaar na een bijeenkomst een korte samenvatting met: intervisie notities <tekst> (hooguit 4000 "
      "tekens)."}},
    {Msg::intervision_no_past_meeting, {"Er is nog geen voorbije intervisie om notities bij te bewaren."}},
    {Msg::intervision_done, {"Gedaan."}},
    {Msg::intervision_every_weeks,
     {.other = "elke {count} weken op {weekday} om {time} ({minutes} min)",
      .one = "elke week op {weekday} om {time} ({minutes} min)"}},
    {Msg::intervision_every_month, {"maandelijks op de {nth} {weekday} om {time} ({minutes} min)"}},
    {Msg::intervision_reminder_title, {"Intervisie {when}"}},
    {Msg::intervision_reminder_text,
     {"Intervisie met je mede-ambassadeurs{location}. Kom je? Laat het even weten; komen is nooit een "
      "verplichting."}},
    {Msg::rsvp_going, {"Ik kom"}},
    {Msg::rsvp_not_going, {"Ik kom niet"}},
    {Msg::rsvp_maybe, {"Misschien"}},
    {Msg::rsvp_none, {"nog niet gegeven"}},
    {Msg::rsvp_saved, {"Genoteerd: {answer} voor {when}. Je kunt het wijzigen tot de bijeenkomst begint."}},
    {Msg::rsvp_closed, {"De intervisie van {when} is begonnen; antwoorden kunnen niet meer worden gewijzigd."}},
    {Msg::rsvp_gone, {"Die bijeenkomst gaat niet meer door."}},
}};
static_assert(lists_every_key_in_order(kDutch), "messages_nl.cpp must give every Msg a text, in enum order");

}  // namespace

const CatalogTable& dutch_table() { return kDutch; }

}  // namespace ambassador::i18n::detail
