//! Feature keys: every feature is one `u64`, mixed from a template number and the hashes of the
//! values it looks at, so extracting features allocates nothing and a model is a flat table.
//!
//! The hash is written out here rather than taken from `std` because the keys are stored in the
//! model file: they must be the same on every machine and every Rust release.

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;
const MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;

/// Hash of a byte string (FNV-1a, finished with a mixer so short strings spread over all bits).
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    finish(hash)
}

/// Hash of a string after ASCII lower-casing, without building the lower-cased copy.
pub(crate) fn hash_lower(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in text.as_bytes() {
        hash ^= u64::from(byte.to_ascii_lowercase());
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    finish(hash)
}

/// The murmur3 64-bit finaliser.
pub(crate) fn finish(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

#[inline]
fn combine(hash: u64, value: u64) -> u64 {
    (hash.rotate_left(5) ^ value).wrapping_mul(MULTIPLIER)
}

/// The key of a feature made from a template and one value.
#[inline]
pub(crate) fn key1(template: u64, a: u64) -> u64 {
    finish(combine(combine(SEED, template), a))
}

/// The key of a feature made from a template and two values.
#[inline]
pub(crate) fn key2(template: u64, a: u64, b: u64) -> u64 {
    finish(combine(combine(combine(SEED, template), a), b))
}

/// The key of a feature made from a template and three values.
#[inline]
pub(crate) fn key3(template: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(combine(combine(combine(combine(SEED, template), a), b), c))
}

/// The "shape" of a word: letters become `X`/`x`, digits `d`, runs longer than two are cut to
/// two, so `McCain` is `XxXx`, `1,000` is `d,dd` and `U.S.` is `X.X.`.
pub(crate) fn shape_hash(word: &str) -> u64 {
    let mut hash: u64 = SEED;
    let mut last = '\0';
    let mut run = 0;
    for (count, ch) in word.chars().enumerate() {
        if count >= 24 {
            break;
        }
        let class = if ch.is_uppercase() {
            'X'
        } else if ch.is_alphabetic() {
            'x'
        } else if ch.is_numeric() {
            'd'
        } else {
            ch
        };
        if class == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = class;
        }
        hash = combine(hash, u64::from(class));
    }
    finish(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_hash_ignores_ascii_case() {
        assert_eq!(hash_lower("Said"), hash_bytes(b"said"));
        assert_ne!(hash_bytes(b"Said"), hash_bytes(b"said"));
    }

    #[test]
    fn shapes_cut_long_runs() {
        assert_eq!(shape_hash("McCain"), shape_hash("McCaaaain"));
        assert_eq!(shape_hash("1,000"), shape_hash("7,00000"));
        assert_ne!(shape_hash("Smith"), shape_hash("smith"));
    }

    #[test]
    fn keys_depend_on_the_template_and_the_order_of_values() {
        assert_ne!(key1(1, 7), key1(2, 7));
        assert_ne!(key2(1, 7, 8), key2(1, 8, 7));
    }
}
