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
      "Nederlandse woorden werken ook: hulp, aanmelden, thema's, afmelden, wie, statistiek, idee.\n"
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
}};
static_assert(lists_every_key_in_order(kDutch), "messages_nl.cpp must give every Msg a text, in enum order");

}  // namespace

const CatalogTable& dutch_table() { return kDutch; }

}  // namespace ambassador::i18n::detail
