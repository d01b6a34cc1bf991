//! The averaged perceptron: [`Trainer`] learns weights, [`Weights`] is the frozen, quantised,
//! pruned table the shipped model scores with.

use std::collections::HashMap;

use super::model::{ModelError, Reader, Writer};

/// Weights being learnt. `weights` holds the current perceptron; `stamped` the sum of each update
/// times the instance counter when it was made, so the average over all instances is
/// `weights - stamped / instances` at the end (Daumé's trick) without touching every weight on
/// every instance. Integers keep training exact and identical on every machine.
pub struct Trainer {
    classes: usize,
    index: HashMap<u64, u32>,
    weights: Vec<i32>,
    stamped: Vec<i64>,
    instances: i64,
    /// Only the features given up front are learnt: rare ones are left out of the model.
    closed: bool,
}

impl Trainer {
    pub fn new(classes: usize) -> Trainer {
        Trainer {
            classes,
            index: HashMap::new(),
            weights: Vec::new(),
            stamped: Vec::new(),
            instances: 1,
            closed: false,
        }
    }

    /// A trainer that learns weights for `features` only.
    pub fn with_features(classes: usize, features: impl IntoIterator<Item = u64>) -> Trainer {
        let mut trainer = Trainer::new(classes);
        for feature in features {
            let next = trainer.index.len() as u32;
            trainer.index.entry(feature).or_insert(next);
        }
        trainer.weights = vec![0; trainer.index.len() * classes];
        trainer.stamped = vec![0; trainer.index.len() * classes];
        trainer.closed = true;
        trainer
    }

    /// Adds the current weights of `features` to `scores` (one per class).
    pub fn score(&self, features: &[u64], scores: &mut [i64]) {
        scores.iter_mut().for_each(|score| *score = 0);
        for feature in features {
            if let Some(&row) = self.index.get(feature) {
                let start = row as usize * self.classes;
                for (score, &weight) in scores.iter_mut().zip(&self.weights[start..start + self.classes]) {
                    *score += i64::from(weight);
                }
            }
        }
    }

    /// Moves weight from `guess` to `truth`; call [`Trainer::tick`] once per instance.
    pub fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &feature in features {
            let next = self.index.len() as u32;
            let row = if self.closed {
                match self.index.get(&feature) {
                    Some(&row) => row,
                    None => continue,
                }
            } else {
                *self.index.entry(feature).or_insert(next)
            };
            if row == next {
                self.weights.resize(self.weights.len() + self.classes, 0);
                self.stamped.resize(self.stamped.len() + self.classes, 0);
            }
            let start = row as usize * self.classes;
            self.weights[start + truth] += 1;
            self.stamped[start + truth] += self.instances;
            self.weights[start + guess] -= 1;
            self.stamped[start + guess] -= self.instances;
        }
    }

    pub fn tick(&mut self) {
        self.instances += 1;
    }

    /// The averaged weights, quantised to `i16`; weights that round to less than `min_weight`
    /// in magnitude are dropped, and features left with none.
    pub fn freeze(&self, min_weight: i16) -> Weights {
        let count = self.instances as f64;
        let average = |at: usize| self.weights[at] as f64 - self.stamped[at] as f64 / count;
        let largest = (0..self.weights.len()).map(|at| average(at).abs()).fold(0.0, f64::max);
        let scale = if largest > 0.0 { f64::from(i16::MAX) / largest } else { 1.0 };
        let mut features: Vec<(u64, u32)> = self.index.iter().map(|(&key, &row)| (key, row)).collect();
        features.sort_unstable();
        let mut frozen = Weights::empty(self.classes);
        for (key, row) in features {
            let start = row as usize * self.classes;
            let before = frozen.classes_of.len();
            for class in 0..self.classes {
                let quantised = (average(start + class) * scale).round() as i16;
                if quantised.unsigned_abs() >= min_weight.unsigned_abs() && quantised != 0 {
                    frozen.classes_of.push(class as u8);
                    frozen.values.push(quantised);
                }
            }
            if frozen.classes_of.len() > before {
                frozen.keys.push(key);
                frozen.ends.push(frozen.values.len() as u32);
            }
        }
        frozen.build_table();
        frozen
    }
}

/// Frozen weights: for each feature key (sorted), a run of `(class, weight)` pairs. A table
/// with open addressing finds a key's run in one or two probes.
#[derive(Debug, Default)]
pub struct Weights {
    classes: usize,
    keys: Vec<u64>,
    ends: Vec<u32>,
    classes_of: Vec<u8>,
    values: Vec<i16>,
    /// The lookup table: each slot holds the key and where its weights are, and the weights of
    /// one feature sit side by side, so a feature costs two cache misses, not five.
    slots: Vec<Slot>,
    dense: Vec<DenseSlot>,
    packed: Vec<u32>,
    /// Slots in the table: twice the features, not rounded up to a power of two (which left the
    /// beam parser's table three quarters empty, 64 MB of it).
    size: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    end: u32,
}

/// The slot of a table with at most [`DENSE_CLASSES`] classes (the parser's three moves): the
/// weights sit in the slot itself, so a feature costs one cache miss.
#[derive(Debug, Clone, Copy, Default)]
struct DenseSlot {
    key: u64,
    weights: [i16; DENSE_CLASSES],
}

const DENSE_CLASSES: usize = 4;

/// How many features of a sparse table are looked up together.
const SPARSE_CHUNK: usize = 64;

impl Weights {
    fn empty(classes: usize) -> Weights {
        Weights { classes, ..Weights::default() }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    pub fn features(&self) -> usize {
        self.keys.len()
    }

    /// Drops weights smaller than `min_weight` in magnitude, and features left with none.
    pub fn prune(&mut self, min_weight: i16) {
        let mut kept = Weights::empty(self.classes);
        let mut start = 0;
        for (at, &key) in self.keys.iter().enumerate() {
            let end = self.ends[at] as usize;
            for entry in start..end {
                if self.values[entry].unsigned_abs() >= min_weight.unsigned_abs() {
                    kept.classes_of.push(self.classes_of[entry]);
                    kept.values.push(self.values[entry]);
                }
            }
            if kept.values.len() as u32 > kept.ends.last().copied().unwrap_or(0) {
                kept.keys.push(key);
                kept.ends.push(kept.values.len() as u32);
            }
            start = end;
        }
        kept.build_table();
        *self = kept;
    }

    fn build_table(&mut self) {
        let size = (self.keys.len() * 2).max(16);
        self.size = size;
        if self.classes <= DENSE_CLASSES {
            self.slots = Vec::new();
            self.dense = vec![DenseSlot::default(); size];
            let mut start = 0;
            for (at, &key) in self.keys.iter().enumerate() {
                let end = self.ends[at] as usize;
                let mut slot = self.home(key);
                while self.dense[slot].key != 0 {
                    slot = self.next(slot);
                }
                if key != 0 {
                    let mut weights = [0; DENSE_CLASSES];
                    for entry in start..end {
                        weights[usize::from(self.classes_of[entry])] = self.values[entry];
                    }
                    self.dense[slot] = DenseSlot { key, weights };
                }
                start = end;
            }
            return;
        }
        // Key 0 marks an empty slot; a feature hashing to 0 is dropped (one in 2^64).
        self.slots = vec![Slot::default(); size];
        let mut start = 0;
        for (at, &key) in self.keys.iter().enumerate() {
            let end = self.ends[at];
            let mut slot = self.home(key);
            while self.slots[slot].key != 0 {
                slot = self.next(slot);
            }
            if key != 0 {
                self.slots[slot] = Slot { key, start, end };
            }
            start = end;
        }
        self.packed = self
            .classes_of
            .iter()
            .zip(&self.values)
            .map(|(&class, &value)| u32::from(class) << 16 | u32::from(value as u16))
            .collect();
    }

    /// The slot a key's probe starts at: the key's hash scaled onto the table (its high bits),
    /// so the table need not be a power of two.
    fn home(&self, key: u64) -> usize {
        ((u128::from(key) * self.size as u128) >> 64) as usize
    }

    fn next(&self, slot: usize) -> usize {
        if slot + 1 == self.size { 0 } else { slot + 1 }
    }

    /// Sets `scores` (one per class) to the summed weights of `features`.
    pub fn score(&self, features: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|score| *score = 0);
        if !self.dense.is_empty() {
            // The parser's table is tens of megabytes: nearly every feature misses the cache.
            // Asking for all of a state's slots before reading any lets the misses overlap.
            for &feature in features {
                prefetch(&self.dense[self.home(feature)]);
            }
            for &feature in features {
                add(scores, &self.dense_row(feature));
            }
            return;
        }
        // Two misses a feature here (its slot, then its weights): each kind asked for at once.
        let mut runs = [(0u32, 0u32); SPARSE_CHUNK];
        for chunk in features.chunks(SPARSE_CHUNK) {
            for &feature in chunk {
                prefetch(&self.slots[self.home(feature)]);
            }
            let mut found = 0;
            for &feature in chunk {
                if let Some(slot) = self.sparse_slot(feature) {
                    prefetch(&self.packed[slot.start as usize..slot.end as usize]);
                    runs[found] = (slot.start, slot.end);
                    found += 1;
                }
            }
            for &(start, end) in &runs[..found] {
                for &entry in &self.packed[start as usize..end as usize] {
                    scores[(entry >> 16) as usize] += i32::from(entry as u16 as i16);
                }
            }
        }
    }

    /// The slot of `feature` in the sparse table, if it has one.
    fn sparse_slot(&self, feature: u64) -> Option<Slot> {
        let mut at = self.home(feature);
        loop {
            let slot = self.slots[at];
            if slot.key == feature && feature != 0 {
                return Some(slot);
            }
            if slot.key == 0 {
                return None;
            }
            at = self.next(at);
        }
    }

    /// [`Weights::score`] through `cache`, which keeps the rows of the features met lately:
    /// the parses of a beam, and a parse's next states, share most of their features.
    pub fn score_cached(&self, features: &[u64], scores: &mut [i32], cache: &mut RowCache) {
        if self.dense.is_empty() {
            return self.score(features, scores);
        }
        scores.iter_mut().for_each(|score| *score = 0);
        for &feature in features {
            if cache.slot(feature).key != feature {
                prefetch(&self.dense[self.home(feature)]);
            }
        }
        for &feature in features {
            let cached = cache.slot(feature);
            // An empty slot's key is 0 and its weights are 0: right for feature 0 too.
            if cached.key != feature {
                *cached = DenseSlot { key: feature, weights: self.dense_row(feature) };
            }
            add(scores, &cached.weights);
        }
    }

    /// The weights of `feature` in the dense table, zero for a feature it does not have.
    #[inline]
    fn dense_row(&self, feature: u64) -> [i16; DENSE_CLASSES] {
        let mut at = self.home(feature);
        loop {
            let slot = &self.dense[at];
            if slot.key == feature && feature != 0 {
                return slot.weights;
            }
            if slot.key == 0 {
                return [0; DENSE_CLASSES];
            }
            at = self.next(at);
        }
    }

    pub fn write(&self, out: &mut Writer) {
        out.u32(self.classes as u32);
        out.u32(self.keys.len() as u32);
        let mut previous = 0;
        for (at, &key) in self.keys.iter().enumerate() {
            // Sorted keys are stored as gaps, which the variable-length integers keep short.
            out.varint(key - previous);
            previous = key;
            let start = if at == 0 { 0 } else { self.ends[at - 1] };
            out.varint(u64::from(self.ends[at] - start));
        }
        out.bytes(&self.classes_of);
        for &value in &self.values {
            out.varint(u64::from(zigzag(value)));
        }
    }

    /// Moves past a table written by [`Weights::write`] without building it.
    pub fn skip(input: &mut Reader) -> Result<(), ModelError> {
        input.u32()?;
        let count = input.u32()? as usize;
        let mut total = 0u64;
        for _ in 0..count {
            input.skip_varints(1)?;
            total += input.varint()?;
        }
        let total = usize::try_from(total).map_err(|_| input.error("a weight table too large"))?;
        input.take(total)?;
        input.skip_varints(total)
    }

    pub fn read(input: &mut Reader) -> Result<Weights, ModelError> {
        let classes = input.u32()? as usize;
        if classes == 0 || classes > 256 {
            return Err(input.error("a weight table with an impossible number of classes"));
        }
        let count = input.u32()? as usize;
        let mut weights = Weights::empty(classes);
        weights.keys.reserve(count.min(1 << 24));
        let mut key = 0u64;
        let mut total = 0u64;
        for _ in 0..count {
            key = key.wrapping_add(input.varint()?);
            total += input.varint()?;
            weights.keys.push(key);
            weights.ends.push(u32::try_from(total).map_err(|_| input.error("a weight table too large"))?);
        }
        let total = total as usize;
        weights.classes_of = input.take(total)?.to_vec();
        if weights.classes_of.iter().any(|&class| usize::from(class) >= classes) {
            return Err(input.error("a weight for a class that does not exist"));
        }
        weights.values.reserve(total);
        for _ in 0..total {
            let raw = input.varint()?;
            weights.values.push(unzigzag(u16::try_from(raw).map_err(|_| input.error("a weight out of range"))?));
        }
        if weights.keys.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(input.error("weight keys out of order"));
        }
        weights.build_table();
        Ok(weights)
    }
}

/// The rows of a dense table's features met lately (the parser's), at most one per slot: 16 KB,
/// small enough to stay in the processor's nearest cache, where the table is tens of megabytes.
pub(crate) struct RowCache {
    slots: Vec<DenseSlot>,
}

const CACHED_ROWS: usize = 1024;

impl RowCache {
    pub(crate) fn new() -> RowCache {
        RowCache { slots: vec![DenseSlot::default(); CACHED_ROWS] }
    }

    /// The slot `feature` would be kept in (keys are hashes: their low bits spread evenly).
    #[inline]
    fn slot(&mut self, feature: u64) -> &mut DenseSlot {
        &mut self.slots[feature as usize % CACHED_ROWS]
    }
}

fn add(scores: &mut [i32], weights: &[i16; DENSE_CLASSES]) {
    for (score, &weight) in scores.iter_mut().zip(weights) {
        *score += i32::from(weight);
    }
}

/// Asks the processor to bring `item` (its start) into the cache; nothing more.
#[inline]
fn prefetch<T: ?Sized>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults and changes no memory; `sse`, which it
    // needs, is part of every x86-64 processor.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((item as *const T).cast::<i8>())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

fn zigzag(value: i16) -> u16 {
    ((value << 1) ^ (value >> 15)) as u16
}

fn unzigzag(value: u16) -> i16 {
    ((value >> 1) as i16) ^ -((value & 1) as i16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trained_table_scores_the_same_after_a_round_trip() {
        // Three classes take the dense table, six the sparse one.
        for classes in [3, 6] {
            round_trip(classes);
        }
    }

    fn round_trip(classes: usize) {
        let mut trainer = Trainer::new(classes);
        for _ in 0..5 {
            trainer.update(&[10, 20], 2, 0);
            trainer.tick();
            trainer.update(&[30], 1, 2);
            trainer.tick();
        }
        let frozen = trainer.freeze(1);
        let mut scores = vec![0; classes];
        frozen.score(&[10, 20, 99], &mut scores);
        assert!(scores[2] > scores[1] && scores[1] > scores[0], "{scores:?}");
        let mut out = Writer::default();
        frozen.write(&mut out);
        let bytes = out.into_bytes();
        let read = Weights::read(&mut Reader::new(&bytes)).unwrap();
        let mut again = vec![0; classes];
        read.score(&[10, 20, 99], &mut again);
        assert_eq!(scores, again);
    }

    #[test]
    fn cached_rows_score_as_the_table_does() {
        let mut trainer = Trainer::new(3);
        // 7 and 7 + 1024 share a slot of the cache; 99 and 0 are not in the table.
        for features in [[7u64, 8], [7 + 1024, 9], [8, 9]] {
            for _ in 0..3 {
                trainer.update(&features, 1, 2);
                trainer.tick();
            }
            trainer.update(&features[..1], 0, 1);
            trainer.tick();
        }
        let frozen = trainer.freeze(1);
        let mut cache = RowCache::new();
        for features in [&[7u64, 8, 99][..], &[7 + 1024, 9, 0], &[7, 7 + 1024, 8, 9, 99], &[99, 0], &[8, 7]] {
            let (mut plain, mut cached) = ([0; 3], [0; 3]);
            frozen.score(features, &mut plain);
            frozen.score_cached(features, &mut cached, &mut cache);
            assert_eq!(plain, cached, "{features:?}");
            assert_eq!(plain == [0; 3], features == [99, 0], "{features:?}");
        }
    }

    #[test]
    fn zigzag_round_trips_the_extremes() {
        for value in [i16::MIN, -1, 0, 1, i16::MAX] {
            assert_eq!(unzigzag(zigzag(value)), value);
        }
    }
}
