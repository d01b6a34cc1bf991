//! The detail strip: who, where and when of the selected item, and the claims and
//! discrepancies linked to it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::store::{EntityIx, ItemRef, Store};
use crate::text::sanitize_line;
use crate::tui::app::{App, Item};

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

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = app.theme;
    let store = app.store();
    let Some(item) = app.selected() else { return Vec::new() };
    let (mut first, mut second, mut third) = (Vec::new(), Vec::new(), Vec::new());
    match item {
        Item::Event(e) => {
            let event = &store.events[e as usize];
            field(&mut first, theme, "actors", names(store, &event.actors));
            if !event.targets.is_empty() {
                field(&mut first, theme, "targets", names(store, &event.targets));
            }
            field(&mut first, theme, "places", names(store, &event.places));
            field(&mut first, theme, "date", event.date.short_label(None));
            if let Some(n) = event.fatalities {
                field(&mut first, theme, "fatalities", n.to_string());
            }
            let claims: Vec<String> = store
                .claims_about_event(e)
                .iter()
                .map(|&c| {
                    let claim = &store.claims[c as usize];
                    format!("{} {}: {}", store.entities[claim.speaker as usize].name, claim.verb, claim.text)
                })
                .collect();
            field(&mut second, theme, &format!("claims ({})", claims.len()), sanitize_line(&claims.join(" | ")).into());
            discrepancies(store, store.discrepancies_of_event(e), &mut third, theme);
        }
        Item::Claim(c) => {
            let claim = &store.claims[c as usize];
            field(&mut first, theme, "speaker", names(store, &[claim.speaker]));
            field(&mut first, theme, "verb", sanitize_line(&claim.verb).into());
            field(&mut first, theme, "date", claim.date.map_or_else(|| "undated".into(), |d| d.short_label(None)));
            if !claim.mentions.is_empty() {
                field(&mut first, theme, "mentions", names(store, &claim.mentions));
            }
            let about: Vec<&str> = claim.about.iter().map(|&e| store.events[e as usize].title.as_str()).collect();
            field(&mut second, theme, "about", sanitize_line(&about.join(" | ")).into());
            discrepancies(store, store.discrepancies_of_claim(c), &mut third, theme);
        }
        Item::Discrepancy(d) => {
            let discrepancy = &store.discrepancies[d as usize];
            field(&mut first, theme, "topic", sanitize_line(&discrepancy.topic).into());
            let about: Vec<String> = discrepancy
                .about
                .iter()
                .map(|about| match *about {
                    ItemRef::Event(e) => store.events[e as usize].title.clone(),
                    ItemRef::Claim(c) => store.claims[c as usize].text.clone(),
                })
                .collect();
            field(&mut first, theme, "about", sanitize_line(&about.join(" | ")).into());
            let selected = app.selected_variant();
            for (v, variant) in discrepancy.variants.iter().enumerate() {
                let marker = if Some(v) == selected { "▶" } else { " " };
                let label = format!("{marker}variant {}", v + 1);
                let value = format!(
                    "{} ({} passage{})",
                    sanitize_line(&variant.value),
                    variant.evidence.len(),
                    if variant.evidence.len() == 1 { "" } else { "s" }
                );
                field(if v == 0 { &mut second } else { &mut third }, theme, &label, value);
            }
        }
    }
    [first, second, third].into_iter().filter(|spans| !spans.is_empty()).map(Line::from).collect()
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

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let lines = lines(app);
    // Each field line is cut at the strip's width; wrapping one would push the others out.
    let height = area.height as usize;
    let paragraph =
        if lines.len() < height { Paragraph::new(lines).wrap(Wrap { trim: true }) } else { Paragraph::new(lines) };
    frame.render_widget(paragraph, area);
}
