//! Near-duplicate text: a script-aware folded form and the Dice
//! coefficient of its character trigrams, compared with the
//! `near_duplicate_threshold` setting (the one language_master uses).
//!
//! Folding, on top of [`super::normalize`] (NFC, case folded, whitespace
//! collapsed): punctuation and spaces go; Devanagari loses the nukta
//! (ज़ = ज), candrabindu becomes anusvara (ँ = ं), and the visarga and
//! zero-width joiners go; romanised Hindi (Latin letters) has its common
//! spelling variants merged: doubled letters (`pizzaaa`, `accha`/`acha`),
//! `aa`/`a`, `ee`/`i`, `oo`/`u`, `w`/`v`, `z`/`j`, `q`/`k`, `ph`/`f`, and an
//! `h` after a consonant or between vowels (`th` = `t`, `chahiye` =
//! `chaiye`). Digits are kept: `2 pizza` and `3 pizza` differ.
use std::collections::HashSet;

use super::normalize;

/// The folded form of a text: what near-duplicate detection compares.
pub fn fold(text: &str) -> String {
    let normal = normalize(text);
    let mut out: Vec<char> = Vec::with_capacity(normal.len());
    let letters: Vec<char> = normal
        .chars()
        .filter(|c| c.is_alphanumeric() || is_devanagari_sign(*c))
        .filter_map(devanagari)
        .collect();
    // Elongation first (`chahiyeee`, `pleeease`): three or more of one
    // letter count once, so `ee` = `i` applies only to a real double.
    let mut chars: Vec<char> = Vec::with_capacity(letters.len());
    for (i, &c) in letters.iter().enumerate() {
        let run = letters[i..].iter().take_while(|&&d| d == c).count();
        let before = letters[..i].iter().rev().take_while(|&&d| d == c).count();
        if c.is_ascii_alphabetic() && run + before >= 3 && before > 0 {
            continue;
        }
        chars.push(c);
    }
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() {
            let c = match c {
                'w' => 'v',
                'z' => 'j',
                'q' => 'k',
                'e' if chars.get(i + 1) == Some(&'e') => {
                    i += 1;
                    'i'
                }
                'o' if chars.get(i + 1) == Some(&'o') => {
                    i += 1;
                    'u'
                }
                'p' if chars.get(i + 1) == Some(&'h') => {
                    i += 1;
                    'f'
                }
                'h' if out.last().is_some_and(|p| is_latin_consonant(*p))
                    || (out.last().is_some_and(|p| is_latin_vowel(*p))
                        && chars.get(i + 1).is_some_and(|n| is_latin_vowel(*n))) =>
                {
                    i += 1;
                    continue;
                }
                c => c,
            };
            // Doubled letters (`aa`, `cc`, `zzz`) count once.
            if out.last() != Some(&c) {
                out.push(c);
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// Vowel signs, virama, anusvara and the like: not alphanumeric in
/// Unicode's sense, but part of a Devanagari word.
fn is_devanagari_sign(c: char) -> bool {
    ('\u{900}'..='\u{97F}').contains(&c)
}

/// Devanagari variants merged; None drops the character.
fn devanagari(c: char) -> Option<char> {
    match c {
        // nukta, visarga, danda, double danda, zero-width (non-)joiner
        '\u{93C}' | '\u{903}' | '\u{964}' | '\u{965}' | '\u{200C}' | '\u{200D}' => None,
        // candrabindu → anusvara
        '\u{901}' => Some('\u{902}'),
        // precomposed nukta letters (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़) → their base
        '\u{958}' => Some('\u{915}'),
        '\u{959}' => Some('\u{916}'),
        '\u{95A}' => Some('\u{917}'),
        '\u{95B}' => Some('\u{91C}'),
        '\u{95C}' => Some('\u{921}'),
        '\u{95D}' => Some('\u{922}'),
        '\u{95E}' => Some('\u{92B}'),
        '\u{95F}' => Some('\u{92F}'),
        c => Some(c),
    }
}

fn is_latin_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn is_latin_consonant(c: char) -> bool {
    c.is_ascii_alphabetic() && !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'h')
}

/// The character trigrams of a folded text (the text itself when shorter).
pub fn trigrams(folded: &str) -> HashSet<String> {
    let chars: Vec<char> = folded.chars().collect();
    if chars.len() < 3 {
        return HashSet::from([folded.to_string()]);
    }
    chars.windows(3).map(|w| w.iter().collect()).collect()
}

#[cfg(test)]
/// Dice coefficient of two trigram sets: 1 for the same text, 0 for
/// nothing in common.
pub fn dice(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let shared = a.intersection(b).count();
    ratio(2 * shared, a.len() + b.len())
}

/// `shared` trigrams of sets of `a` and `b` elements as a Dice coefficient.
pub fn dice_from_counts(shared: usize, a: usize, b: usize) -> f64 {
    ratio(2 * shared, a + b)
}

#[allow(clippy::cast_precision_loss)]
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

#[cfg(test)]
/// The similarity of two texts, as a near-duplicate check sees it.
pub fn similarity(a: &str, b: &str) -> f64 {
    dice(&trigrams(&fold(a)), &trigrams(&fold(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanised_hindi_spelling_variants_fold_together() {
        for (a, b) in [
            ("mujhe pizza chahiye", "Mujhe pizzaa chaiye!"),
            ("kya haal hai", "kyaa hal hai?"),
            ("kal milte hain", "kal milte hai"),
            ("theek hai", "thik hai"),
        ] {
            assert!(similarity(a, b) >= 0.7, "{a} ~ {b}: {}", similarity(a, b));
        }
        assert_eq!(
            fold("Mujhe  PIZZAAA chahiye!!"),
            fold("mujhe pizza chahiye")
        );
        assert_eq!(
            fold("Mujhe veg thali chaiyeee!"),
            fold("mujhe veg thali chahiye")
        );
        assert_eq!(fold("theek hai"), fold("thik hai"));
    }

    #[test]
    fn devanagari_variants_fold_together() {
        // nukta and candrabindu
        assert_eq!(fold("मुझे पिज़्ज़ा चाहिए"), fold("मुझे पिज्जा चाहिए।"));
        assert_eq!(fold("हाँ"), fold("हां"));
        assert!(similarity("मेरा ऑर्डर कहाँ है", "मेरा ऑर्डर कहां है?") >= 0.99);
    }

    #[test]
    fn different_messages_are_not_near_duplicates() {
        assert!(similarity("order 2 pizza", "cancel my order") < 0.5);
        assert!(similarity("मेरा ऑर्डर रद्द करो", "मौसम कैसा है") < 0.3);
        assert!(similarity("2 pizza", "3 pizza") < 0.9);
    }
}
