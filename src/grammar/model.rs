//! The model file: a versioned header, the four trained parts, a checksum.
//!
//! ```text
//! "FLGRAMMR"  u32 version  u64 body length  body  u64 checksum of body
//! body = tagger, lemmatizer, parser, labeler (each writes its own tables)
//! ```
//! Integers are little-endian; sorted keys are stored as gaps in LEB128 variable-length
//! integers, which is what keeps the file small.

use std::fmt;

use super::beam::Beam;
use super::features::hash_bytes;
use super::labeler::Labeler;
use super::lemma::Lemmatizer;
use super::parser::Parser;
use super::tagger::Tagger;

const MAGIC: &[u8; 8] = b"FLGRAMMR";
/// Raised whenever the layout or the meaning of a feature changes: an old file is then refused
/// with a message instead of silently scoring with the wrong features.
pub const VERSION: u32 = 2;

/// A model file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "grammar model, byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ModelError {}

/// Builds a model file.
#[derive(Debug, Default)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    pub fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    pub fn string(&mut self, text: &str) {
        self.varint(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }
}

/// Reads a model file, checking every length against what is left.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub fn error(&self, message: &str) -> ModelError {
        ModelError { offset: self.at, message: message.to_owned() }
    }

    pub fn take(&mut self, count: usize) -> Result<&'a [u8], ModelError> {
        if self.bytes.len() - self.at < count {
            return Err(self.error("the file ends early (truncated?)"));
        }
        let slice = &self.bytes[self.at..self.at + count];
        self.at += count;
        Ok(slice)
    }

    /// Moves past `count` variable-length integers without decoding them.
    pub fn skip_varints(&mut self, count: usize) -> Result<(), ModelError> {
        if count == 0 {
            return Ok(());
        }
        let rest = &self.bytes[self.at..];
        let mut ends = 0;
        for (at, &byte) in rest.iter().enumerate() {
            if byte < 0x80 {
                ends += 1;
                if ends == count {
                    self.at += at + 1;
                    return Ok(());
                }
            }
        }
        Err(self.error("the file ends early (truncated?)"))
    }

    pub fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("four bytes")))
    }

    pub fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("eight bytes")))
    }

    pub fn varint(&mut self) -> Result<u64, ModelError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1)?[0];
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(self.error("a number longer than 64 bits"))
    }

    pub fn string(&mut self) -> Result<String, ModelError> {
        let length = usize::try_from(self.varint()?).map_err(|_| self.error("a string too long"))?;
        let bytes = self.take(length)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| self.error("a string that is not UTF-8"))
    }

    fn finished(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// Everything `analyze` needs.
#[derive(Debug, Default)]
pub struct Model {
    pub(crate) tagger: Tagger,
    pub(crate) lemmatizer: Lemmatizer,
    pub(crate) parser: Parser,
    pub(crate) labeler: Labeler,
}

impl Model {
    /// Drops weights under `min_weight` (of 32,767) from every table: a smaller file for a
    /// little accuracy. Returns the number of features kept.
    pub fn prune(&mut self, min_weight: i16) -> usize {
        self.tagger.weights.prune(min_weight);
        self.parser.weights.prune(min_weight);
        self.labeler.weights.prune(min_weight);
        self.tagger.weights.features() + self.parser.weights.features() + self.labeler.weights.features()
    }

    /// How the parser decodes: the width and temperature stored with it, and the margin.
    pub fn parser_beam(&self) -> Beam {
        self.parser.beam
    }

    /// Decodes with other settings: for measuring what a width or a margin costs and gains.
    pub fn set_parser_beam(&mut self, beam: Beam) {
        self.parser.beam = beam;
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = Writer::default();
        self.tagger.write(&mut body);
        self.lemmatizer.write(&mut body);
        self.parser.write(&mut body);
        self.labeler.write(&mut body);
        let body = body.into_bytes();
        let mut file = Writer::default();
        file.bytes(MAGIC);
        file.u32(VERSION);
        file.u64(body.len() as u64);
        file.bytes(&body);
        file.u64(hash_bytes(&body));
        file.into_bytes()
    }

    /// The checked body of a model file: its magic bytes, version and checksum verified.
    fn body(bytes: &[u8]) -> Result<&[u8], ModelError> {
        let (body, checksum) = Model::body_and_checksum(bytes)?;
        if hash_bytes(body) != checksum {
            return Err(ModelError { offset: 20, message: "the checksum does not match: the file is damaged".into() });
        }
        Ok(body)
    }

    /// The body with its header checked but not its checksum; see [`Model::lemmatizer_from_bytes`].
    fn unverified_body(bytes: &[u8]) -> Result<&[u8], ModelError> {
        Ok(Model::body_and_checksum(bytes)?.0)
    }

    fn body_and_checksum(bytes: &[u8]) -> Result<(&[u8], u64), ModelError> {
        let mut header = Reader::new(bytes);
        if header.take(MAGIC.len()).ok() != Some(MAGIC.as_slice()) {
            return Err(header.error("not a factline grammar model (wrong magic bytes)"));
        }
        let version = header.u32()?;
        if version != VERSION {
            return Err(ModelError {
                offset: MAGIC.len(),
                message: format!(
                    "model format version {version}, this build reads version {VERSION}: retrain it with \
                     `cargo run --release --locked --example train_grammar -- PATH/TO/UD_English-EWT`"
                ),
            });
        }
        let length = usize::try_from(header.u64()?).map_err(|_| header.error("a body too long"))?;
        let body = header.take(length)?;
        let checksum = header.u64()?;
        if !header.finished() {
            return Err(header.error("bytes after the checksum"));
        }
        Ok((body, checksum))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let body = Model::body(bytes)?;
        let mut input = Reader::new(body);
        let model = Model {
            tagger: Tagger::read(&mut input)?,
            lemmatizer: Lemmatizer::read(&mut input)?,
            parser: Parser::read(&mut input)?,
            labeler: Labeler::read(&mut input)?,
        };
        if !input.finished() {
            return Err(input.error("bytes left over after the last table"));
        }
        Ok(model)
    }

    /// The lemmatizer alone, for a program that needs lemmas and no parse (the browser's verb
    /// column, `find`'s word forms): the tagger before it is read to get past it and dropped,
    /// the parser's tables (most of the model) are never decoded.
    ///
    /// It runs on the browser's first draw of a claim list, inside the 30 ms budget of a frame, so
    /// the tagger is skipped rather than decoded and the body's checksum (a byte-by-byte hash of
    /// 20 MB, longer than the rest together) is not recomputed: the bytes are the ones compiled
    /// into the binary, which the tests decode and check whole, and every length read is still
    /// bounded by what is left.
    pub fn lemmatizer_from_bytes(bytes: &[u8]) -> Result<Lemmatizer, ModelError> {
        let mut input = Reader::new(Model::unverified_body(bytes)?);
        Tagger::skip(&mut input)?;
        Lemmatizer::read(&mut input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lemmatizer_read_alone_is_the_models_own() {
        use crate::grammar::Upos;
        let bytes = crate::grammar::model_bytes();
        let alone = Model::lemmatizer_from_bytes(bytes).unwrap();
        let whole = Model::from_bytes(bytes).unwrap();
        for (word, upos) in
            [("tweeted", Upos::Verb), ("said", Upos::Verb), ("Iranians", Upos::Propn), ("ministries", Upos::Noun)]
        {
            assert_eq!(alone.lemmatize(word, upos), whole.lemmatizer.lemmatize(word, upos), "{word}");
        }
        assert!(Model::lemmatizer_from_bytes(b"nonsense").is_err());
    }

    #[test]
    fn skipping_the_tagger_stops_where_reading_it_does() {
        let body = Model::body(crate::grammar::model_bytes()).unwrap();
        let (mut read, mut skipped) = (Reader::new(body), Reader::new(body));
        Tagger::read(&mut read).unwrap();
        Tagger::skip(&mut skipped).unwrap();
        assert_eq!(read.at, skipped.at);
        // A table cut short is refused, not read past its end.
        let mut short = Reader::new(&body[..read.at - 1]);
        assert!(Tagger::skip(&mut short).is_err());
    }

    #[test]
    fn varints_are_skipped_whole() {
        let mut out = Writer::default();
        for value in [5, 300, u64::MAX, 0] {
            out.varint(value);
        }
        let bytes = out.into_bytes();
        let mut input = Reader::new(&bytes);
        input.skip_varints(3).unwrap();
        assert_eq!(input.varint().unwrap(), 0);
        assert!(input.finished());
        assert!(Reader::new(&bytes).skip_varints(5).is_err());
        assert!(Reader::new(&bytes).skip_varints(0).is_ok());
    }

    #[test]
    fn varints_round_trip() {
        let mut out = Writer::default();
        for value in [0, 1, 127, 128, 300, u64::MAX] {
            out.varint(value);
        }
        let bytes = out.into_bytes();
        let mut input = Reader::new(&bytes);
        for value in [0, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(input.varint().unwrap(), value);
        }
        assert!(input.finished());
    }

    #[test]
    fn damaged_files_are_refused_with_a_reason() {
        assert!(Model::from_bytes(b"nonsense").unwrap_err().message.contains("magic"));
        let mut file = Writer::default();
        file.bytes(MAGIC);
        file.u32(VERSION + 1);
        assert!(Model::from_bytes(&file.into_bytes()).unwrap_err().message.contains("retrain"));
        let mut truncated = Writer::default();
        truncated.bytes(MAGIC);
        truncated.u32(VERSION);
        truncated.u64(1000);
        assert!(Model::from_bytes(&truncated.into_bytes()).unwrap_err().message.contains("ends early"));
    }
}
