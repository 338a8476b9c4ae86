//! Part of the check step: `repeated-passage`. A run of [`MIN_WORDS`] or more
//! words that occurs twice in one article, and a sentence glued to the tail
//! of a word from elsewhere ("diplomacy.rritory without ..."): the marks of
//! a paste that went in twice. Both places are reported.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::text::{Body, Word, words};
use crate::diagnostics::Diagnostic;

const CODE: &str = "repeated-passage";
/// Repeated passages listed per article; the rest are counted.
const MAX_REPORTED: usize = 5;
/// The shortest run of words reported as a repeated passage.
pub const MIN_WORDS: usize = 8;
/// Words after a glued fragment that must match the place it came from.
const GLUE_CONTEXT: usize = 2;

/// One passage found twice: where the first and the second copy start and
/// end (byte offsets in the body), and how many words they share.
struct Repeat {
    first: (usize, usize),
    second: (usize, usize),
    words: usize,
    /// The second copy starts with the tail of a word of the first
    /// ("rritory" of "territory"), glued to the sentence before it.
    glued: Option<usize>,
}

pub fn check(body: &Body<'_>, out: &mut Vec<Diagnostic>) {
    let tokens = words(body);
    let mut repeats = runs(body.text, tokens);
    repeats.extend(glued_fragments(body, tokens, &repeats));
    // A text full of repeats (boilerplate, a generated page) would bury
    // everything else: list the likeliest slips, say how many more.
    let total = repeats.len();
    if total > MAX_REPORTED {
        repeats.sort_by_key(|r| std::cmp::Reverse((r.glued.is_some(), r.words)));
        repeats.truncate(MAX_REPORTED);
        repeats.sort_by_key(|r| r.second.0);
    }
    for r in &repeats {
        report(body, r, out);
    }
    if total > MAX_REPORTED
        && let Some(last) = out.last_mut()
    {
        let more = total - MAX_REPORTED;
        let help = last.help.take().unwrap_or_default();
        last.help = Some(format!(
            "{help}; {more} more repeated passage{} in this file {} not listed",
            if more == 1 { "" } else { "s" },
            if more == 1 { "is" } else { "are" }
        ));
    }
}

/// Keys that are already hashes, hashed as themselves.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8)) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// The key of the MIN_WORDS words from `i`, if they are all words.
fn window(seq: &[Option<u64>], i: usize) -> Option<u64> {
    let g = seq.get(i..i + MIN_WORDS)?;
    g.iter().try_fold(0u64, |h, k| {
        Some((h.rotate_left(7) ^ (*k)?).wrapping_mul(0x9e37_79b9_7f4a_7c15))
    })
}

/// Maximal runs of at least MIN_WORDS equal words, within blocks. Each
/// window of MIN_WORDS words is looked up by its hash once: linear in the
/// length of the text.
fn runs(text: &str, tokens: &[Option<Word>]) -> Vec<Repeat> {
    let seq: Vec<Option<u64>> = tokens.iter().map(|t| t.as_ref().map(|w| w.key)).collect();
    let mut first_seen: KeyMap<usize> =
        KeyMap::with_capacity_and_hasher(seq.len(), BuildHasherDefault::default());
    let mut out = Vec::new();
    let mut i = 0;
    while i + MIN_WORDS <= seq.len() {
        let Some(key) = window(&seq, i) else {
            i += 1;
            continue;
        };
        let earlier = first_seen.get(&key).copied();
        match earlier {
            Some(j) if j + MIN_WORDS <= i && seq[j..j + MIN_WORDS] == seq[i..i + MIN_WORDS] => {
                let mut len = MIN_WORDS;
                while i + len < seq.len()
                    && j + len < i
                    && seq[i + len].is_some()
                    && seq[i + len] == seq[j + len]
                {
                    len += 1;
                }
                if let Some(r) = repeat(text, tokens, j, i, len) {
                    out.push(r);
                }
                i += len;
            }
            Some(_) => i += 1,
            None => {
                first_seen.insert(key, i);
                i += 1;
            }
        }
    }
    out
}

/// The run of `len` words at `i` that repeats the one at `j`, with the
/// copy extended back over a glued word fragment ("territory ... /
/// rritory ...": the copy began inside a word).
fn repeat(text: &str, tokens: &[Option<Word>], j: usize, i: usize, len: usize) -> Option<Repeat> {
    let (Some(a), Some(b), Some(c), Some(d)) = (
        &tokens[j],
        &tokens[j + len - 1],
        &tokens[i],
        &tokens[i + len - 1],
    ) else {
        return None;
    };
    let mut first = (a.start, b.end);
    let mut second = (c.start, d.end);
    let mut glued = None;
    if i > 0
        && j > 0
        && let (Some(before_copy), Some(before_first)) = (&tokens[i - 1], &tokens[j - 1])
        && before_copy.glued
    {
        let (copy, first_word) = (before_copy.norm(text), before_first.norm(text));
        if copy.len() >= 2 && first_word.len() > copy.len() && first_word.ends_with(&copy) {
            let raw = before_copy.end - before_copy.start;
            second.0 = before_copy.start;
            first.0 = before_first.end.saturating_sub(raw);
            glued = Some(before_copy.start);
        }
    }
    Some(Repeat {
        first,
        second,
        words: len,
        glued,
    })
}

/// "diplomacy.rritory without over-reliance" where "territory without
/// over-reliance" occurs elsewhere: a fragment glued to a sentence, even
/// when the copied run is shorter than MIN_WORDS. The places each pair of
/// following words occurs are indexed once, so each fragment is compared
/// only with the words followed by the same two words.
fn glued_fragments(body: &Body<'_>, tokens: &[Option<Word>], known: &[Repeat]) -> Vec<Repeat> {
    let after = |k: usize| -> Option<[u64; GLUE_CONTEXT]> {
        let mut keys = [0u64; GLUE_CONTEXT];
        for (n, slot) in keys.iter_mut().enumerate() {
            *slot = tokens.get(k + n + 1)?.as_ref()?.key;
        }
        Some(keys)
    };
    let fragments: Vec<usize> = (0..tokens.len())
        .filter(|&i| {
            tokens[i].as_ref().is_some_and(|f| {
                f.glued
                    && body.text[f.core.0..f.core.1].chars().count() >= 3
                    && !known
                        .iter()
                        .any(|r| (r.second.0..r.second.1).contains(&f.start))
            })
        })
        .collect();
    if fragments.is_empty() {
        return Vec::new();
    }
    let context_key = |c: [u64; GLUE_CONTEXT]| c.iter().fold(0u64, |h, k| h.rotate_left(17) ^ k);
    // Only the contexts some fragment has are indexed: one lookup a word.
    let mut by_context: KeyMap<Vec<usize>> = KeyMap::default();
    for &i in &fragments {
        if let Some(c) = after(i) {
            by_context.entry(context_key(c)).or_default();
        }
    }
    for k in 0..tokens.len() {
        if let Some(c) = after(k)
            && let Some(places) = by_context.get_mut(&context_key(c))
        {
            places.push(k);
        }
    }
    let mut out = Vec::new();
    for i in fragments {
        let Some(frag) = &tokens[i] else { continue };
        let Some(context) = after(i) else { continue };
        let frag_norm = frag.norm(body.text);
        let origin = by_context.get(&context_key(context)).and_then(|places| {
            places.iter().copied().find(|&j| {
                j != i
                    && after(j) == Some(context)
                    && tokens[j].as_ref().is_some_and(|w| {
                        let norm = w.norm(body.text);
                        norm.len() > frag_norm.len() && norm.ends_with(&frag_norm)
                    })
            })
        });
        if let Some(j) = origin
            && let Some(w) = &tokens[j]
        {
            let last = |k: usize| tokens[k + GLUE_CONTEXT].as_ref().map_or(0, |w| w.end);
            let raw = frag.end - frag.start;
            out.push(Repeat {
                first: (w.end.saturating_sub(raw), last(j)),
                second: (frag.start, last(i)),
                words: GLUE_CONTEXT + 1,
                glued: Some(frag.start),
            });
        }
    }
    out
}

fn report(body: &Body<'_>, r: &Repeat, out: &mut Vec<Diagnostic>) {
    let excerpt = excerpt(&body.text[r.second.0..r.second.1]);
    let first_at = body.line_and_column(r.first.0);
    let second_at = body.line_and_column(r.second.0);
    let (message, help) = match r.glued {
        Some(at) => {
            let glue_start = body.text[..at]
                .rfind(char::is_whitespace)
                .map_or(0, |i| i + 1);
            let glue_end = body.text[at..]
                .find(char::is_whitespace)
                .map_or(body.text.len(), |i| at + i);
            let glue = &body.text[glue_start..glue_end];
            (
                format!(
                    "repeated passage: “{glue}” runs a sentence into a fragment of another, and from there on repeats, word for word, the text at {first_at} ({} words): “{excerpt}”",
                    r.words
                ),
                "a paste that went in twice? Delete the copy, from the fragment to the end of the repeated words".to_string(),
            )
        }
        None => (
            format!(
                "repeated passage: these {} words repeat, word for word, the text at {first_at}: “{excerpt}”",
                r.words
            ),
            "delete one of the two copies; if the repetition is deliberate, add `check: {repeated-passage: off}` to the front matter".to_string(),
        ),
    };
    out.push(
        body.at(
            Diagnostic::warning(body.file, message),
            r.second.0,
            r.second.1 - r.second.0,
        )
        .code(CODE)
        .help(help),
    );
    out.push(
        body.at(
            Diagnostic::warning(
                body.file,
                format!(
                    "repeated passage: these {} words occur again, word for word, at {second_at}: “{excerpt}”",
                    r.words
                ),
            ),
            r.first.0,
            r.first.1 - r.first.0,
        )
        .code(CODE)
        .help("the copy is reported at its own place; delete one of the two"),
    );
}

/// The first and last few words of a passage.
fn excerpt(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= 10 {
        words.join(" ")
    } else {
        format!(
            "{} … {}",
            words[..5].join(" "),
            words[words.len() - 4..].join(" ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn found(md: &str) -> Vec<Diagnostic> {
        let (parsed, _) = crate::markdown::Parsed::new(md);
        let body = Body::new(Path::new("a.md"), &parsed, 1);
        let mut out = Vec::new();
        check(&body, &mut out);
        out
    }

    #[test]
    fn a_pasted_run_is_reported_at_both_places() {
        let md = "We must be ready to protect citizens and territory without reliance on outside help of any kind. A strong base helps.rritory without reliance on outside help of any kind. A strong base helps.\n";
        let d = found(md);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].message.contains("helps.rritory"), "{}", d[0]);
        assert_eq!(d[0].column, md.find(".rritory").unwrap() + 2);
        assert_eq!(d[1].column, md.find("rritory").unwrap() + 1);
    }

    #[test]
    fn a_glued_fragment_alone_is_found() {
        let d = found("Protect the territory without delay. Then act.rritory without delay.\n");
        assert_eq!(d.len(), 2, "{d:?}");
    }

    #[test]
    fn short_repeats_and_separate_paragraphs_are_fine() {
        assert!(found("Pakistan should act now. Pakistan should act now.\n").is_empty());
        assert!(
            found("one two three four five six seven\n\none two three four five six seven\n")
                .is_empty()
        );
        assert!(found("U.S. policy and e.g. examples and cds.example.org here.\n").is_empty());
    }
}
