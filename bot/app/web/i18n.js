// The dashboard's words in Dutch and English; the organisation's language (from the session answer) chooses.
const words = {
  nl: {
    skip: 'Naar de inhoud', nav_calendar: 'Kalender', nav_compose: 'Nieuw bericht', nav_ideas: 'Ideeën',
    nav_stats: 'Impact', sign_out: 'Afmelden', sign_in_title: 'Aanmelden', token_label: 'API-token',
    sign_in: 'Aanmelden', calendar_title: 'Contentkalender', week_prev: 'Vorige week', week_next: 'Volgende week',
    drafts: 'Concepten zonder datum', compose_title: 'Bericht voorbereiden', edit_title: 'Bericht {id} wijzigen',
    f_title: 'Titel', f_link: 'Link', f_body: 'Toelichting voor ambassadeurs', f_text: 'Voorgestelde tekst',
    f_image: 'Afbeelding (URL)', f_themes: "Thema's", f_departments: 'Afdelingen (geen: alle)',
    f_direct: 'Ook als privébericht aan passende ambassadeurs', f_publish: 'Versturen op', f_expires: 'Verloopt op',
    schedule: 'Inplannen', save_draft: 'Opslaan als concept', new_post: 'Leeg formulier',
    ideas_title: 'Ideeën van ambassadeurs', stats_title: 'Impact', s_from: 'Van', s_to: 'Tot en met', s_interval: 'Per',
    s_department: 'Afdeling', s_theme: 'Thema', day: 'dag', week: 'week', month: 'maand', all: 'alle', show: 'Toon',
    csv: 'Download CSV', chart_time: 'Deelacties en unieke kliks', chart_value: 'Mediawaarde tegen de nulmeting',
    chart_department: 'Per afdeling', chart_theme: 'Per thema', shares: 'Deelacties', unique_clicks: 'Unieke kliks',
    media_value: 'Mediawaarde (€)', baseline: 'Nulmeting (€)', baseline_total: 'Nulmeting',
    formula: 'Mediawaarde = unieke kliks × kosten per unieke klik van het netwerk: {terms} = {total}', posts_sent: 'Verstuurde berichten',
    clicks_per_share: 'Kliks per deelactie', active: 'Actieve ambassadeurs', webcare: 'Webcare binnen de norm',
    of: 'van', edit: 'Wijzigen', cancel: 'Intrekken', approve: 'Goedkeuren', reject: 'Afwijzen',
    no_ideas: 'Geen ideeën om te beoordelen.', nothing: '—', saved: 'Bericht {id} is opgeslagen ({status}).',
    cancelled: 'Bericht {id} is ingetrokken.', approved: 'Idee {id} is goedgekeurd: concept {post} staat klaar.',
    rejected: 'Idee {id} is afgewezen.', signed_out: 'U bent afgemeld.', wrong_token: 'Dit token klopt niet.',
    too_many: 'Te veel pogingen; wacht een minuut.', failed: 'Dat lukte niet: {message}',
    confirm_cancel: 'Bericht "{title}" intrekken? Al verstuurde berichten worden aangepast.',
    status_draft: 'concept', status_scheduled: 'ingepland', status_sending: 'wordt verstuurd', status_sent: 'verstuurd',
    status_cancelled: 'ingetrokken', status_expired: 'verlopen', week_of: 'Week van {date}', no_baseline: 'geen nulmeting',
    lb_title: 'Ranglijst, laatste 30 dagen', lb_note: 'Alleen wie dat wil staat er met naam; de anderen tellen mee als groep.',
    lb_shares: 'Naar deelacties', lb_clicks: 'Naar unieke kliks', lb_rank: 'Plaats', lb_name: 'Naam', lb_count: 'Aantal',
    lb_others: '{people} collega’s zonder naam', lb_other: '1 collega zonder naam', lb_nothing: 'Nog niets in deze 30 dagen.',
  },
  en: {
    skip: 'Skip to content', nav_calendar: 'Calendar', nav_compose: 'New post', nav_ideas: 'Ideas', nav_stats: 'Impact',
    sign_out: 'Sign out', sign_in_title: 'Sign in', token_label: 'API token', sign_in: 'Sign in',
    calendar_title: 'Content calendar', week_prev: 'Previous week', week_next: 'Next week', drafts: 'Drafts without a date',
    compose_title: 'Prepare a post', edit_title: 'Edit post {id}', f_title: 'Title', f_link: 'Link',
    f_body: 'Note for ambassadors', f_text: 'Suggested text', f_image: 'Image (URL)', f_themes: 'Themes',
    f_departments: 'Departments (none: all)', f_direct: 'Also as a direct message to matching ambassadors',
    f_publish: 'Send at', f_expires: 'Expires at', schedule: 'Schedule', save_draft: 'Save as draft',
    new_post: 'Empty form', ideas_title: "Ambassadors' ideas", stats_title: 'Impact', s_from: 'From', s_to: 'To',
    s_interval: 'Per', s_department: 'Department', s_theme: 'Theme', day: 'day', week: 'week', month: 'month', all: 'all',
    show: 'Show', csv: 'Download CSV', chart_time: 'Shares and unique clicks', chart_value: 'Media value against the baseline',
    chart_department: 'By department', chart_theme: 'By theme', shares: 'Shares', unique_clicks: 'Unique clicks',
    media_value: 'Media value (€)', baseline: 'Baseline (€)', baseline_total: 'Baseline',
    formula: 'Media value = unique clicks × cost per unique click of the network: {terms} = {total}', posts_sent: 'Posts sent', clicks_per_share: 'Clicks per share',
    active: 'Active ambassadors', webcare: 'Webcare within SLA', of: 'of', edit: 'Edit', cancel: 'Recall',
    approve: 'Approve', reject: 'Reject', no_ideas: 'No ideas to review.', nothing: '—',
    saved: 'Post {id} saved ({status}).', cancelled: 'Post {id} recalled.',
    approved: 'Idea {id} approved: draft {post} is ready.', rejected: 'Idea {id} rejected.', signed_out: 'Signed out.',
    wrong_token: 'This token is not right.', too_many: 'Too many attempts; wait a minute.', failed: 'That failed: {message}',
    confirm_cancel: 'Recall post "{title}"? Messages already sent are edited.', status_draft: 'draft',
    status_scheduled: 'scheduled', status_sending: 'sending', status_sent: 'sent', status_cancelled: 'recalled',
    status_expired: 'expired', week_of: 'Week of {date}', no_baseline: 'no baseline',
    lb_title: 'Leaderboard, last 30 days', lb_note: 'Only people who chose to are named; the others count as a group.',
    lb_shares: 'By shares', lb_clicks: 'By unique clicks', lb_rank: 'Place', lb_name: 'Name', lb_count: 'Count',
    lb_others: '{people} colleagues not named', lb_other: '1 colleague not named', lb_nothing: 'Nothing yet in these 30 days.',
  },
};

let language = 'nl';

export function setLanguage(code) {
  language = words[code] ? code : 'nl';
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
}

export function locale() { return language === 'en' ? 'en-GB' : 'nl-NL'; }

// The word for `key`, with {name} replaced from `values`.
export function t(key, values = {}) {
  const text = words[language][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}
