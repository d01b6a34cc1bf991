//! The detail strip: who, where and when of the selected item, and the claims and
//! discrepancies linked to it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::store::{EntityIx, ItemRef, Store};
use crate::text::sanitize_line;
use crate::tui::app::App;
use crate::tui::view::Item;

fn names(store: &Store, entities: &[EntityIx]) -> String {
    let names: Vec<String> =
        entities.iter().map(|&e| sanitize_line(&store.entities[e as usize].name).into_owned()).collect();
    if names.is_empty() { "—".into() } else { names.join(", ") }
}

fn field(spans: &mut Vec<Span<'static>>, theme: Theme, label: &str, value: String) {
    if !spans.is_empty() {
        spans.push(Span::styled(" · ", theme.dim()));
    }
    spans.push(Span::styled(format!("{label} "), theme.label()));
    spans.push(Span::raw(value));
}

/// The strip's lines for `height` rows: the item's facts first, its discrepancies last, and
/// between them as many linked claims (or variants) as fit, one per line.
pub fn lines(app: &App, theme: Theme, height: usize) -> Vec<Line<'static>> {
    let store = app.store();
    let Some(item) = app.selected() else { return Vec::new() };
    let mut head = Vec::new();
    let mut middle: Vec<Vec<Span<'static>>> = Vec::new();
    let mut last = Vec::new();
    match item {
        Item::Event(e) => {
            let event = &store.events[e as usize];
            field(&mut head, theme, "actors", names(store, &event.actors));
            if !event.targets.is_empty() {
                field(&mut head, theme, "targets", names(store, &event.targets));
            }
            field(&mut head, theme, "places", names(store, &event.places));
            field(&mut head, theme, "date", event.date.short_label(None));
            if let Some(n) = event.fatalities {
                field(&mut head, theme, "fatalities", n.to_string());
            }
            let claims = store.claims_about_event(e);
            let first = format!("claims ({})", claims.len());
            for (i, &c) in claims.iter().enumerate() {
                let claim = &store.claims[c as usize];
                let mut spans = Vec::new();
                let label = if i == 0 { first.clone() } else { " ".repeat(first.len()) };
                let text = format!("{} {}: {}", store.entities[claim.speaker as usize].name, claim.verb, claim.text);
                field(&mut spans, theme, &label, sanitize_line(&text).into());
                middle.push(spans);
            }
            if claims.is_empty() {
                let mut spans = Vec::new();
                field(&mut spans, theme, "claims", "none recorded".into());
                middle.push(spans);
            }
            discrepancies(store, store.discrepancies_of_event(e), &mut last, theme);
        }
        Item::Claim(c) => {
            let claim = &store.claims[c as usize];
            field(&mut head, theme, "speaker", names(store, &[claim.speaker]));
            field(&mut head, theme, "verb", sanitize_line(&claim.verb).into());
            field(&mut head, theme, "date", claim.date.map_or_else(|| "undated".into(), |d| d.short_label(None)));
            if !claim.mentions.is_empty() {
                field(&mut head, theme, "mentions", names(store, &claim.mentions));
            }
            let mut about = Vec::new();
            let titles: Vec<&str> = claim.about.iter().map(|&e| store.events[e as usize].title.as_str()).collect();
            field(
                &mut about,
                theme,
                "about",
                if titles.is_empty() { "—".into() } else { sanitize_line(&titles.join(" | ")).into() },
            );
            middle.push(about);
            discrepancies(store, store.discrepancies_of_claim(c), &mut last, theme);
        }
        Item::Discrepancy(d) => {
            let discrepancy = &store.discrepancies[d as usize];
            field(&mut head, theme, "topic", sanitize_line(&discrepancy.topic).into());
            let about: Vec<String> = discrepancy
                .about
                .iter()
                .map(|about| match *about {
                    ItemRef::Event(e) => store.events[e as usize].title.clone(),
                    ItemRef::Claim(c) => store.claims[c as usize].text.clone(),
                })
                .collect();
            field(&mut head, theme, "variants", discrepancy.variants.len().to_string());
            field(&mut head, theme, "about", sanitize_line(&about.join(" | ")).into());
            let selected = app.selected_variant();
            for (v, variant) in discrepancy.variants.iter().enumerate() {
                let marker = if Some(v) == selected { "▶" } else { " " };
                let n = variant.evidence.len();
                let value = format!("{} ({n} passage{})", sanitize_line(&variant.value), if n == 1 { "" } else { "s" });
                let mut spans = Vec::new();
                field(&mut spans, theme, &format!("{marker}variant {}", v + 1), value);
                middle.push(spans);
            }
        }
    }
    // The labels carry the totals (`claims (6)`, `variants 4`), so cut lines need no marker.
    let room = height.saturating_sub(1 + usize::from(!last.is_empty()));
    middle.truncate(room);
    std::iter::once(head)
        .chain(middle)
        .chain(std::iter::once(last))
        .filter(|spans| !spans.is_empty())
        .map(Line::from)
        .collect()
}

fn discrepancies(store: &Store, list: &[u32], spans: &mut Vec<Span<'static>>, theme: Theme) {
    if list.is_empty() {
        field(spans, theme, "discrepancies", "none recorded".into());
        return;
    }
    let topics: Vec<String> =
        list.iter().map(|&d| sanitize_line(&store.discrepancies[d as usize].topic).into_owned()).collect();
    field(spans, theme, &format!("≠ discrepancies ({})", topics.len()), topics.join(" | "));
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    // Each line is cut at the strip's width: wrapping one would push the others out.
    frame.render_widget(Paragraph::new(lines(app, theme, area.height.into())), area);
}
