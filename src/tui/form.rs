//! The edit form: the fields of a claim, an event or a new discrepancy, as a person types them.
//! Plain state, no I/O: saving turns the form into one `curation::Change`, which the browser's
//! editor makes (the form stays open, with what was typed and the problem, when it cannot).

use std::collections::BTreeMap;

use unicode_segmentation::UnicodeSegmentation;

use crate::curation::change::{ClaimFields, EntityRef, EventFields, Kind, NewDiscrepancy, NewVariant};
use crate::curation::passage::NewPassage;
use crate::store::date::DateSpec;
use crate::store::{ClaimIx, EVENT_TYPES, EntityIx, EntityKind, EventIx, Store};
use crate::text;

use super::picker::Picked;
use crate::curation::change::Change;

/// No field is longer; a pasted article must not become a title.
const MAX_FIELD_CHARS: usize = 2_000;

/// An entity a field holds: one of the store's, or one the save will create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chip {
    Existing { id: String, name: String },
    New { name: String, kind: EntityKind },
}

impl Chip {
    fn of(store: &Store, entity: EntityIx) -> Chip {
        let entity = &store.entities[entity as usize];
        Chip::Existing { id: entity.id.clone(), name: entity.name.clone() }
    }

    fn from_picked(store: &Store, picked: Picked) -> Chip {
        match picked {
            Picked::Existing(entity) => Chip::of(store, entity),
            Picked::New { name, kind } => Chip::New { name, kind },
        }
    }

    /// As drawn: the name, a new entity marked with `+` and its kind.
    pub fn label(&self) -> String {
        match self {
            Chip::Existing { name, .. } => text::sanitize_line(name).into_owned(),
            Chip::New { name, kind } => format!("+{} ({})", text::sanitize_line(name), kind.as_str()),
        }
    }

    fn to_ref(&self) -> EntityRef {
        match self {
            Chip::Existing { id, .. } => EntityRef::Existing(id.clone()),
            Chip::New { name, kind } => EntityRef::New { name: name.clone(), kind: *kind },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `cursor` counts characters.
    Text {
        text: String,
        cursor: usize,
    },
    Entity(Option<Chip>),
    Entities(Vec<Chip>),
    /// One of `options` (labels as shown).
    Choice {
        options: Vec<String>,
        at: usize,
    },
}

impl Value {
    fn text(text: &str) -> Value {
        Value::Text { text: text.to_string(), cursor: text.chars().count() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub value: Value,
    /// The kind a new entity picked for this field starts as.
    pub new_kind: EntityKind,
}

impl Field {
    fn new(label: &'static str, value: Value) -> Field {
        Field { label, value, new_kind: EntityKind::Person }
    }

    fn places(label: &'static str, value: Value) -> Field {
        Field { label, value, new_kind: EntityKind::Place }
    }
}

/// What saving the form does.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    EditClaim(String),
    EditEvent(String),
    NewClaim(NewPassage),
    NewEvent(NewPassage),
    /// A discrepancy about these items; each evidence field picks among `passages`.
    Discrepancy {
        about: Vec<(Kind, String)>,
        passages: Vec<NewPassage>,
    },
}

/// What a key did to the form, for the app to follow up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    Changed,
    /// Open the entity picker for this field, with this much typed already.
    Pick {
        field: usize,
        typed: String,
    },
    Cancel,
    /// Valid: the editor is to make this change.
    Submit(Change),
}

/// The events a claim's `about` field offers, as `(id, label)`: the `marked` ones it is about
/// first, then others reported in the same articles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AboutChoices {
    pub events: Vec<(String, String)>,
    pub marked: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    target: Target,
    fields: Vec<Field>,
    /// The fields and marks as the form opened, to tell whether Esc would lose anything.
    pristine: (Vec<Field>, BTreeMap<&'static str, Vec<usize>>),
    /// Esc was pressed once on changed fields: the next Esc discards them.
    discarding: bool,
    /// The options marked with Enter, by field, in the order marked: a discrepancy variant's
    /// passages (a field with none cites the option shown) and a claim's `about` events.
    cited: BTreeMap<&'static str, Vec<usize>>,
    /// The ids of the events the `about` field offers, in its options' order.
    about_ids: Vec<String>,
    /// The focused field; `fields.len()` is the save button.
    focus: usize,
    problem: Option<String>,
}

const ABOUT: &str = "about";
const FATALITIES: &str = "fatalities";

fn claim_fields(
    speaker: Option<Chip>,
    verb: &str,
    text: &str,
    date: &str,
    mentions: Vec<Chip>,
    about: &AboutChoices,
) -> Vec<Field> {
    let options = about.events.iter().map(|(_, label)| label.clone()).collect();
    vec![
        Field::new("speaker", Value::Entity(speaker)),
        Field::new("verb", Value::text(verb)),
        Field::new("text", Value::text(text)),
        Field::new("date", Value::text(date)),
        Field::new("mentions", Value::Entities(mentions)),
        Field::new(ABOUT, Value::Choice { options, at: 0 }),
    ]
}

fn event_fields(
    title: &str,
    date: &str,
    kind: &str,
    actors: Vec<Chip>,
    targets: Vec<Chip>,
    places: Vec<Chip>,
    fatalities: Option<u64>,
) -> Vec<Field> {
    let mut options: Vec<String> = EVENT_TYPES.iter().map(|t| t.to_string()).collect();
    // A type outside the vocabulary (an older store) stays choosable as it is.
    if !kind.is_empty() && !options.iter().any(|t| t == kind) {
        options.push(kind.to_string());
    }
    let at = options.iter().position(|t| t == kind).or_else(|| options.iter().position(|t| t == "other")).unwrap_or(0);
    vec![
        Field::new("title", Value::text(title)),
        Field::new("date", Value::text(date)),
        Field::new("type", Value::Choice { options, at }),
        Field::new("actors", Value::Entities(actors)),
        Field::new("targets", Value::Entities(targets)),
        Field::places("places", Value::Entities(places)),
        Field::new(FATALITIES, Value::text(&fatalities.map(|n| n.to_string()).unwrap_or_default())),
    ]
}

/// What is wrong with a field's text as typed, if anything: a date the format's calendar
/// refuses, a count that is not a whole number.
fn field_problem(label: &str, typed: &str, required: bool) -> Option<String> {
    match label {
        "date" if typed.is_empty() && required => {
            Some("date: required, e.g. 2024-01-16, 2024-01 or 2024-01-16/2024-01-17".into())
        }
        "date" if !typed.is_empty() => DateSpec::parse(typed).err().map(|why| format!("date: {why}")),
        FATALITIES if !typed.is_empty() && typed.parse::<u64>().is_err() => Some(format!(
            "fatalities: `{typed}` is not a whole number (leave it empty when the sources disagree or do not say)"
        )),
        _ => None,
    }
}

/// How an event reads in the `about` field: its date and title.
pub fn about_label(date: &str, title: &str) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    text::truncate(&text::sanitize_line(&format!("{date} {title}")), 56)
}

/// The format asks for at least two variants; more than a handful would not fit a form.
const MIN_VARIANTS: usize = 2;
const MAX_VARIANTS: usize = 8;
const VARIANTS: &str = "variants";
const VALUE_LABELS: [&str; MAX_VARIANTS] =
    ["value 1", "value 2", "value 3", "value 4", "value 5", "value 6", "value 7", "value 8"];
const PASSAGE_LABELS: [&str; MAX_VARIANTS] =
    ["passage 1", "passage 2", "passage 3", "passage 4", "passage 5", "passage 6", "passage 7", "passage 8"];

/// Variant `variant`'s value and passage; its passage starts at the `variant`th offered (the
/// item's own first, then the others'), so each variant starts on a different one.
fn variant_fields(variant: usize, options: &[String]) -> [Field; 2] {
    let at = variant.min(options.len().saturating_sub(1));
    [
        Field::new(VALUE_LABELS[variant], Value::text("")),
        Field::new(PASSAGE_LABELS[variant], Value::Choice { options: options.to_vec(), at }),
    ]
}

/// How a passage reads in a choice list: the start of its words, then the item citing it
/// (none for the item the discrepancy is about).
fn passage_label(owner: &str, quote: &str) -> String {
    let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let quote = text::truncate(&text::sanitize_line(&quote), 48);
    if owner.is_empty() { format!("“{quote}”") } else { format!("“{quote}” ({})", text::sanitize_line(owner)) }
}

impl Form {
    fn with(target: Target, fields: Vec<Field>) -> Form {
        Form {
            target,
            pristine: (fields.clone(), BTreeMap::new()),
            fields,
            focus: 0,
            problem: None,
            discarding: false,
            cited: BTreeMap::new(),
            about_ids: Vec::new(),
        }
    }

    /// A claim's form, offering `about` with the events it is about marked.
    fn claim(target: Target, fields: Vec<Field>, about: AboutChoices) -> Form {
        let mut form = Form::with(target, fields);
        if about.marked > 0 {
            form.cited.insert(ABOUT, (0..about.marked.min(about.events.len())).collect());
        }
        form.pristine.1 = form.cited.clone();
        form.about_ids = about.events.into_iter().map(|(id, _)| id).collect();
        form
    }

    /// Esc: closes a form with nothing typed; with changes, the first Esc asks (in the form)
    /// and a second one discards them, so that a stray Esc loses nothing.
    pub fn cancel(&mut self) -> Outcome {
        if self.discarding || (self.fields == self.pristine.0 && self.cited == self.pristine.1) {
            return Outcome::Cancel;
        }
        self.discarding = true;
        self.problem = Some("unsaved changes: Esc again discards them, Ctrl-s saves".to_string());
        Outcome::Changed
    }

    /// Any key but Esc: a pending discard is called off.
    pub fn keep(&mut self) {
        if std::mem::take(&mut self.discarding) {
            self.problem = None;
        }
    }

    /// A form whose save creates a claim citing `passage` (about no event offered).
    pub fn new_claim(passage: NewPassage) -> Form {
        Form::new_claim_saying(passage, "", AboutChoices::default())
    }

    /// A new claim citing `passage`, its text started as `quote` (blanks collapsed, as the
    /// claim's text is one line), `about` offering `about`.
    pub fn new_claim_saying(passage: NewPassage, quote: &str, about: AboutChoices) -> Form {
        let said = quote.split_whitespace().collect::<Vec<_>>().join(" ");
        let said: String = text::sanitize_line(&said).chars().take(MAX_FIELD_CHARS).collect();
        let fields = claim_fields(None, "said", &said, "", Vec::new(), &about);
        Form::claim(Target::NewClaim(passage), fields, about)
    }

    /// A form whose save creates an event citing `passage`.
    pub fn new_event(passage: NewPassage) -> Form {
        let fields = event_fields("", "", "other", Vec::new(), Vec::new(), Vec::new(), None);
        Form::with(Target::NewEvent(passage), fields)
    }

    /// The fields of a claim of `store`, to change; `about` offers the events it is about first.
    pub fn edit_claim(store: &Store, claim: ClaimIx, about: AboutChoices) -> Form {
        let c = &store.claims[claim as usize];
        let chips = |list: &[EntityIx]| list.iter().map(|&e| Chip::of(store, e)).collect();
        let date = c.date.map(|d| d.to_string()).unwrap_or_default();
        let speaker = Some(Chip::of(store, c.speaker));
        let fields = claim_fields(speaker, &c.verb, &c.text, &date, chips(&c.mentions), &about);
        Form::claim(Target::EditClaim(c.id.clone()), fields, about)
    }

    /// The fields of an event of `store`, to change.
    pub fn edit_event(store: &Store, event: EventIx) -> Form {
        let e = &store.events[event as usize];
        let chips = |list: &[EntityIx]| list.iter().map(|&x| Chip::of(store, x)).collect();
        let fields = event_fields(
            &e.title,
            &e.date.to_string(),
            &e.kind,
            chips(&e.actors),
            chips(&e.targets),
            chips(&e.places),
            e.fatalities,
        );
        Form::with(Target::EditEvent(e.id.clone()), fields)
    }

    /// A new discrepancy about the items `about`: a topic, and two variants each with a value
    /// and a passage chosen among `passages` (as `(item id, passage)`, the item's own first,
    /// with an empty id).
    pub fn discrepancy(store: &Store, about: Vec<(Kind, String)>, passages: Vec<(String, NewPassage)>) -> Form {
        let options: Vec<String> = passages
            .iter()
            .map(|(owner, p)| {
                let text = store.sources.iter().find(|s| s.id == p.source).map_or("", |s| s.text.as_str());
                let quote: String = text.chars().skip(p.start).take(p.end.saturating_sub(p.start)).collect();
                passage_label(owner, &quote)
            })
            .collect();
        let mut fields = vec![Field::new("topic", Value::text(""))];
        for variant in 0..MIN_VARIANTS {
            fields.extend(variant_fields(variant, &options));
        }
        let counts = (MIN_VARIANTS..=MAX_VARIANTS).map(|n| n.to_string()).collect();
        fields.push(Field::new(VARIANTS, Value::Choice { options: counts, at: 0 }));
        let passages = passages.into_iter().map(|(_, p)| p).collect();
        Form::with(Target::Discrepancy { about, passages }, fields)
    }

    /// How many variants a discrepancy form has.
    fn variant_count(&self) -> usize {
        self.fields.iter().filter(|f| VALUE_LABELS.contains(&f.label)).count()
    }

    /// Gives a discrepancy form `count` variants: new ones are added blank before the count
    /// field (the focus goes to the first new value), the last ones removed (what was typed
    /// into the others stays).
    fn set_variant_count(&mut self, count: usize) {
        let count = count.clamp(MIN_VARIANTS, MAX_VARIANTS);
        let have = self.variant_count();
        let Some(at) = self.fields.iter().position(|f| f.label == VARIANTS) else { return };
        if count > have {
            let options = match self.value(PASSAGE_LABELS[0]) {
                Some(Value::Choice { options, .. }) => options.clone(),
                _ => Vec::new(),
            };
            let added: Vec<Field> = (have..count).flat_map(|variant| variant_fields(variant, &options)).collect();
            self.fields.splice(at..at, added);
            // Its value is what to type next.
            self.focus = at;
        } else if count < have {
            self.fields.drain(at - 2 * (have - count)..at);
            for label in &PASSAGE_LABELS[count..have] {
                self.cited.remove(label);
            }
            self.focus = self.fields.iter().position(|f| f.label == VARIANTS).unwrap_or(self.focus);
        }
    }

    /// "New claim", "Edit event `id`"…
    pub fn title(&self) -> String {
        match &self.target {
            Target::EditClaim(id) => format!("Edit claim {}", text::sanitize_line(id)),
            Target::EditEvent(id) => format!("Edit event {}", text::sanitize_line(id)),
            Target::NewClaim(_) => "New claim".to_string(),
            Target::NewEvent(_) => "New event".to_string(),
            Target::Discrepancy { .. } => "New discrepancy".to_string(),
        }
    }

    /// The passage a new item will cite.
    pub fn passage(&self) -> Option<&NewPassage> {
        match &self.target {
            Target::NewClaim(p) | Target::NewEvent(p) => Some(p),
            _ => None,
        }
    }

    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The focused field; `fields().len()` when the save button has the focus.
    pub fn focus(&self) -> usize {
        self.focus
    }

    /// Why the last save did not happen.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    pub fn set_problem(&mut self, problem: Option<String>) {
        self.problem = problem;
    }

    fn field_mut(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn next_field(&mut self, forward: bool) -> Outcome {
        let count = self.fields.len() + 1;
        self.focus = if forward { (self.focus + 1) % count } else { (self.focus + count - 1) % count };
        Outcome::Changed
    }

    /// Typed text: into a text field at its cursor; on an entity field it starts the picker.
    pub fn type_text(&mut self, typed: &str) -> Outcome {
        let clean: String = text::sanitize_line(typed).into_owned();
        if clean.is_empty() {
            return Outcome::Unchanged;
        }
        let focus = self.focus;
        match self.field_mut().map(|f| &mut f.value) {
            Some(Value::Text { text, cursor }) => {
                let room = MAX_FIELD_CHARS.saturating_sub(text.chars().count());
                let clean: String = clean.chars().take(room).collect();
                let at = byte_at(text, *cursor);
                text.insert_str(at, &clean);
                *cursor += clean.chars().count();
                self.recheck();
                Outcome::Changed
            }
            Some(Value::Entity(_) | Value::Entities(_)) => Outcome::Pick { field: focus, typed: clean },
            Some(Value::Choice { .. }) => self.choose_typed(&clean),
            // The save button: say what it takes rather than swallow the key.
            None => {
                self.problem = Some("on save: Enter saves, Tab or ↑ goes back to the fields".to_string());
                Outcome::Changed
            }
        }
    }

    /// A letter typed on a choice: the next option starting with it (an event type, a
    /// number of variants), as in a menu.
    fn choose_typed(&mut self, typed: &str) -> Outcome {
        let Some(Value::Choice { options, at }) = self.fields.get(self.focus).map(|f| &f.value) else {
            return Outcome::Unchanged;
        };
        let typed = typed.to_lowercase();
        let starts = |o: &String| o.trim_start_matches('“').to_lowercase().starts_with(&typed);
        let count = options.len();
        let Some(found) = (1..=count).map(|step| (at + step) % count).find(|&i| starts(&options[i])) else {
            self.problem = Some(format!("no choice starts with “{typed}”: ←/→ step through them"));
            return Outcome::Changed;
        };
        self.problem = None;
        if self.fields[self.focus].label == VARIANTS {
            if let Some(Value::Choice { at, .. }) = self.field_mut().map(|f| &mut f.value) {
                *at = found;
            }
            self.set_variant_count(MIN_VARIANTS + found);
        } else if let Some(Value::Choice { at, .. }) = self.field_mut().map(|f| &mut f.value) {
            *at = found;
        }
        Outcome::Changed
    }

    /// Enter: picks an entity, takes the next choice, moves on from a text field, or saves.
    /// What Enter does on the focused field, in the hint bar's one word (it mirrors `activate`).
    pub fn enter_does(&self) -> &'static str {
        match self.fields.get(self.focus) {
            None => "save",
            Some(Field { label: ABOUT, value: Value::Choice { .. }, .. }) => "mark",
            Some(Field { label, value: Value::Choice { .. }, .. }) if PASSAGE_LABELS.contains(label) => "cite",
            Some(Field { value: Value::Entity(_) | Value::Entities(_), .. }) => "pick",
            Some(Field { value: Value::Choice { .. }, .. }) => "next choice",
            Some(Field { value: Value::Text { .. }, .. }) => "next field",
        }
    }

    pub fn activate(&mut self) -> Outcome {
        let focus = self.focus;
        if let Some(Field { label, value: Value::Choice { options, at }, .. }) = self.fields.get(focus)
            && Form::marks(label)
        {
            if options.is_empty() {
                return Outcome::Unchanged;
            }
            return self.mark_cited(label, *at);
        }
        match self.field_mut().map(|f| &mut f.value) {
            None => self.submit(),
            Some(Value::Entity(_) | Value::Entities(_)) => Outcome::Pick { field: focus, typed: String::new() },
            Some(Value::Choice { .. }) => self.step_choice(true),
            Some(Value::Text { .. }) => self.next_field(true),
        }
    }

    /// Enter on a discrepancy's passage or a claim's `about`: the option shown is marked too (or
    /// no longer).
    fn mark_cited(&mut self, label: &'static str, at: usize) -> Outcome {
        let marked = self.cited.entry(label).or_default();
        match marked.iter().position(|&m| m == at) {
            Some(i) => {
                marked.remove(i);
            }
            None => marked.push(at),
        }
        if marked.is_empty() {
            self.cited.remove(label);
        }
        Outcome::Changed
    }

    fn step_choice(&mut self, forward: bool) -> Outcome {
        let counting = self.fields.get(self.focus).is_some_and(|f| f.label == VARIANTS);
        let Some(Value::Choice { options, at }) = self.field_mut().map(|f| &mut f.value) else {
            return Outcome::Unchanged;
        };
        let count = options.len();
        if count < 2 {
            return Outcome::Unchanged;
        }
        if counting {
            // No wrapping: one key too many must not drop every variant typed.
            let stepped = if forward { (*at + 1).min(count - 1) } else { at.saturating_sub(1) };
            if stepped == *at {
                return Outcome::Unchanged;
            }
            *at = stepped;
            self.set_variant_count(MIN_VARIANTS + stepped);
            return Outcome::Changed;
        }
        *at = if forward { (*at + 1) % count } else { (*at + count - 1) % count };
        Outcome::Changed
    }

    /// ←/→: the cursor of a text field, or the choice.
    pub fn horizontal(&mut self, forward: bool) -> Outcome {
        match self.field_mut().map(|f| &mut f.value) {
            Some(Value::Text { text, cursor }) => {
                // A whole grapheme at a time: a keycap (2️⃣) or an accent is never split.
                let moved = if forward { grapheme_after(text, *cursor) } else { grapheme_before(text, *cursor) };
                let changed = moved != *cursor;
                *cursor = moved;
                if changed { Outcome::Changed } else { Outcome::Unchanged }
            }
            Some(Value::Choice { .. }) => self.step_choice(forward),
            _ => Outcome::Unchanged,
        }
    }

    /// Deletes the character before the cursor, or the field's last entity.
    pub fn backspace(&mut self) -> Outcome {
        let done = match self.field_mut().map(|f| &mut f.value) {
            Some(Value::Text { text, cursor }) if *cursor > 0 => {
                let from = grapheme_before(text, *cursor);
                text.replace_range(byte_at(text, from)..byte_at(text, *cursor), "");
                *cursor = from;
                true
            }
            Some(Value::Entity(chip)) => chip.take().is_some(),
            Some(Value::Entities(chips)) => chips.pop().is_some(),
            _ => false,
        };
        self.recheck();
        if done { Outcome::Changed } else { Outcome::Unchanged }
    }

    /// After an edit of the focused field: the problem said about it goes as soon as its text
    /// is right (a date fixed one key at a time need not be saved to be seen fixed).
    fn recheck(&mut self) {
        let Some(field) = self.fields.get(self.focus) else { return };
        let about_it = self.problem.as_deref().is_some_and(|p| p.starts_with(&format!("{}:", field.label)));
        if about_it && field_problem(field.label, &self.text(field.label), false).is_none() {
            self.problem = None;
        }
    }

    /// Whether Enter marks the field's options (several may be chosen) rather than stepping.
    fn marks(label: &str) -> bool {
        PASSAGE_LABELS.contains(&label) || label == ABOUT
    }

    pub fn clear(&mut self) -> Outcome {
        let done = match self.field_mut().map(|f| &mut f.value) {
            Some(Value::Text { text, cursor }) if !text.is_empty() => {
                text.clear();
                *cursor = 0;
                true
            }
            Some(Value::Entity(chip)) => chip.take().is_some(),
            Some(Value::Entities(chips)) if !chips.is_empty() => {
                chips.clear();
                true
            }
            _ => false,
        };
        self.recheck();
        if done { Outcome::Changed } else { Outcome::Unchanged }
    }

    /// Puts a picked entity in field `field` (replacing a single one, added to a list once).
    pub fn put(&mut self, store: &Store, field: usize, picked: Picked) {
        let chip = Chip::from_picked(store, picked);
        match self.fields.get_mut(field).map(|f| &mut f.value) {
            Some(Value::Entity(slot)) => *slot = Some(chip),
            Some(Value::Entities(chips)) if !chips.contains(&chip) => chips.push(chip),
            _ => {}
        }
        self.problem = None;
    }

    fn value(&self, label: &str) -> Option<&Value> {
        self.fields.iter().find(|f| f.label == label).map(|f| &f.value)
    }

    fn text(&self, label: &str) -> String {
        match self.value(label) {
            Some(Value::Text { text, .. }) => text.trim().to_string(),
            Some(Value::Choice { options, at }) => options.get(*at).cloned().unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// The options of a passage field marked with Enter (none: it cites the one shown).
    pub fn cited(&self, label: &str) -> &[usize] {
        self.cited.get(label).map_or(&[], Vec::as_slice)
    }

    fn chosen(&self, label: &str) -> usize {
        match self.value(label) {
            Some(Value::Choice { at, .. }) => *at,
            _ => 0,
        }
    }

    fn entities(&self, label: &str) -> Vec<EntityRef> {
        match self.value(label) {
            Some(Value::Entities(chips)) => chips.iter().map(Chip::to_ref).collect(),
            Some(Value::Entity(chip)) => chip.iter().map(Chip::to_ref).collect(),
            _ => Vec::new(),
        }
    }

    /// Sends the focus to the field a problem is about, and says it in the form.
    fn refuse(&mut self, label: &str, problem: String) -> Outcome {
        if let Some(at) = self.fields.iter().position(|f| f.label == label) {
            self.focus = at;
        }
        self.problem = Some(problem);
        Outcome::Changed
    }

    /// The change the form asks for, or the first problem in its fields (shown in the form).
    pub fn submit(&mut self) -> Outcome {
        for label in ["verb", "text", "title", "topic"].into_iter().chain(VALUE_LABELS) {
            if self.value(label).is_some() && self.text(label).is_empty() {
                return self.refuse(label, format!("{label}: required"));
            }
        }
        let date = self.text("date");
        let dated = matches!(self.target, Target::EditEvent(_) | Target::NewEvent(_));
        for (label, required) in [("date", dated), (FATALITIES, false)] {
            if self.value(label).is_some()
                && let Some(problem) = field_problem(label, &self.text(label), required)
            {
                return self.refuse(label, problem);
            }
        }
        let about: Vec<String> = self.cited(ABOUT).iter().filter_map(|&i| self.about_ids.get(i).cloned()).collect();
        let claim = || -> Option<ClaimFields> {
            Some(ClaimFields {
                speaker: self.entities("speaker").into_iter().next()?,
                verb: self.text("verb"),
                text: self.text("text"),
                date: (!date.is_empty()).then(|| date.clone()),
                mentions: self.entities("mentions"),
                about: about.clone(),
            })
        };
        let event = || EventFields {
            title: self.text("title"),
            date: date.clone(),
            kind: self.text("type"),
            actors: self.entities("actors"),
            targets: self.entities("targets"),
            places: self.entities("places"),
            // Checked above: empty or a whole number.
            fatalities: self.text(FATALITIES).parse().ok(),
        };
        let change = match &self.target {
            Target::EditClaim(_) | Target::NewClaim(_) => {
                let Some(fields) = claim() else {
                    return self.refuse("speaker", "speaker: required — Enter picks one".into());
                };
                match &self.target {
                    Target::EditClaim(id) => Change::EditClaim { id: id.clone(), fields },
                    Target::NewClaim(passage) => Change::CreateClaim { passage: passage.clone(), fields },
                    _ => unreachable!(),
                }
            }
            Target::EditEvent(id) => Change::EditEvent { id: id.clone(), fields: event() },
            Target::NewEvent(passage) => Change::CreateEvent { passage: passage.clone(), fields: event() },
            Target::Discrepancy { about, passages } => {
                if passages.is_empty() {
                    return self.refuse("passage 1", "no passage to cite: the item has none".into());
                }
                let variant = |v: usize| NewVariant {
                    value: self.text(VALUE_LABELS[v]),
                    evidence: match self.cited(PASSAGE_LABELS[v]) {
                        [] => passages.get(self.chosen(PASSAGE_LABELS[v])).cloned().into_iter().collect(),
                        marked => marked.iter().filter_map(|&i| passages.get(i).cloned()).collect(),
                    },
                };
                Change::Discrepancy(NewDiscrepancy {
                    topic: self.text("topic"),
                    about: about.clone(),
                    variants: (0..self.variant_count()).map(variant).collect(),
                })
            }
        };
        self.problem = None;
        Outcome::Submit(change)
    }
}

/// The grapheme boundaries of `text`, in characters from its start.
fn boundaries(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(text.graphemes(true).scan(0, |at, g| {
        *at += g.chars().count();
        Some(*at)
    }))
}

/// The first grapheme boundary after character `cursor` (the end at most).
pub fn grapheme_after(text: &str, cursor: usize) -> usize {
    boundaries(text).find(|&b| b > cursor).unwrap_or(cursor)
}

/// The last grapheme boundary before character `cursor` (0 at least).
pub fn grapheme_before(text: &str, cursor: usize) -> usize {
    boundaries(text).take_while(|&b| b < cursor).last().unwrap_or(0)
}

fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage() -> NewPassage {
        NewPassage { source: "a000-iran-fm-visit".into(), start: 0, end: 10 }
    }

    #[test]
    fn the_hint_for_enter_says_what_enter_does_on_each_field() {
        let mut form = Form::new_event(passage());
        let mut said = Vec::new();
        for _ in 0..form.fields().len() + 1 {
            said.push(form.enter_does());
            form.next_field(true);
        }
        assert_eq!(said[0], "next field", "the title is text");
        assert!(said.contains(&"pick") && said.contains(&"next choice"), "{said:?}");
        assert_eq!(*said.last().unwrap(), "save", "{said:?}");
    }

    #[test]
    fn typing_edits_at_the_cursor_and_nothing_typed_is_lost_on_a_problem() {
        let mut form = Form::new_event(passage());
        form.type_text("Strke");
        form.horizontal(false);
        form.horizontal(false);
        form.type_text("i");
        assert_eq!(form.text("title"), "Strike");
        form.next_field(true);
        form.type_text("2024-13-01");
        let Outcome::Changed = form.submit() else { panic!("an invalid date is not submitted") };
        assert!(form.problem().unwrap().starts_with("date:"), "{:?}", form.problem());
        assert_eq!(form.focus(), 1, "the focus goes to the faulty field");
        assert_eq!(form.text("title"), "Strike", "what was typed stays");
        form.clear();
        form.type_text("2024-01-16");
        let Outcome::Submit(Change::CreateEvent { fields, .. }) = form.submit() else { panic!() };
        assert_eq!((fields.date.as_str(), fields.kind.as_str()), ("2024-01-16", "other"));
    }

    #[test]
    fn a_claim_needs_a_speaker_and_entity_fields_start_the_picker() {
        let store = crate::store::bundled::load().unwrap();
        let mut form = Form::new_claim(passage());
        assert_eq!(form.type_text("Ira"), Outcome::Pick { field: 0, typed: "Ira".into() });
        form.next_field(true);
        form.next_field(true);
        form.type_text("Iran said so.");
        assert!(matches!(form.submit(), Outcome::Changed));
        assert!(form.problem().unwrap().contains("speaker"));
        assert_eq!(form.focus(), 0);
        form.put(&store, 0, Picked::New { name: "Tehran".into(), kind: EntityKind::Country });
        let Outcome::Submit(Change::CreateClaim { fields, .. }) = form.submit() else { panic!() };
        assert_eq!(fields.speaker, EntityRef::New { name: "Tehran".into(), kind: EntityKind::Country });
        assert_eq!(fields.date, None, "a claim's date is optional");
    }
}
