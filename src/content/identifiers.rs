//! Part of the content stage: the persistent identifiers of an author
//! profile, an ORCID iD for the person (`orcid:`) and a ROR id for the
//! affiliation (`ror:`). Each is accepted bare or as its resolver's URL
//! and kept bare; its check characters are verified here, because a
//! mistyped iD would otherwise reach Crossref, Scholar and every citation
//! as somebody else's (or nobody's) record.

/// The resolver every ORCID iD is a path of.
pub const ORCID_RESOLVER: &str = "https://orcid.org/";
/// The resolver every ROR id is a path of.
pub const ROR_RESOLVER: &str = "https://ror.org/";

/// Why an identifier was refused: what is wrong, and how to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub message: String,
    pub help: String,
}

/// An ORCID iD as written (`0000-0002-1825-0097`, or with
/// `https://orcid.org/` in front) as its bare form, checked: four groups of
/// four, the last character an ISO 7064 MOD 11-2 check digit (`X` for 10).
pub fn orcid(written: &str) -> Result<String, Refused> {
    let bare = strip_resolver(written.trim(), &["orcid.org/"]);
    let shape = Refused {
        message: format!("`{written}` is not an ORCID iD"),
        help: "write the iD as four groups of four digits, such as 0000-0002-1825-0097 \
               (or its address, https://orcid.org/0000-0002-1825-0097)"
            .into(),
    };
    let groups: Vec<&str> = bare.split('-').collect();
    if groups.len() != 4 || groups.iter().any(|g| g.len() != 4) {
        return Err(shape);
    }
    let chars: Vec<char> = groups.concat().chars().collect();
    let (body, last) = chars.split_at(15);
    if !body.iter().all(char::is_ascii_digit) || !(last[0].is_ascii_digit() || last[0] == 'X') {
        return Err(shape);
    }
    let expected = orcid_check_digit(body.iter().map(|c| c.to_digit(10).unwrap_or(0)));
    if last[0] != expected {
        return Err(Refused {
            message: format!(
                "the ORCID iD `{written}` ends in `{}`, but its check digit is `{expected}`",
                last[0]
            ),
            help: format!(
                "a digit is mistyped: copy the iD from the person's ORCID record \
                 (the iD's digits give the check digit {expected}, not {})",
                last[0]
            ),
        });
    }
    Ok(bare.to_string())
}

/// The ISO 7064 MOD 11-2 check character of an ORCID iD's first 15 digits.
fn orcid_check_digit(digits: impl Iterator<Item = u32>) -> char {
    let total = digits.fold(0, |total, d| (total + d) * 2);
    match (12 - total % 11) % 11 {
        10 => 'X',
        d => char::from_digit(d, 10).unwrap_or('0'),
    }
}

/// Crockford's base 32 alphabet, as ROR writes its ids (no i, l, o, u).
const CROCKFORD: &str = "0123456789abcdefghjkmnpqrstvwxyz";

/// A ROR id as written (`03yrm5c26`, or with `https://ror.org/` in front)
/// as its bare form, checked: a leading `0`, six characters of Crockford's
/// base 32, then two digits of ISO 7064 MOD 97-10 over the number those
/// six characters write.
pub fn ror(written: &str) -> Result<String, Refused> {
    let bare = strip_resolver(written.trim(), &["ror.org/"]).to_ascii_lowercase();
    let shape = Refused {
        message: format!("`{written}` is not a ROR id"),
        help: "write the affiliation's ROR id, nine characters starting with 0, such as \
               03yrm5c26 (or its address, https://ror.org/03yrm5c26); look it up on https://ror.org/"
            .into(),
    };
    if bare.len() != 9 || !bare.starts_with('0') || !bare.is_ascii() {
        return Err(shape);
    }
    let (body, check) = bare[1..].split_at(6);
    let mut n: u64 = 0;
    for c in body.chars() {
        let Some(v) = CROCKFORD.find(c) else {
            return Err(shape);
        };
        n = n * 32 + v as u64;
    }
    let Ok(given) = check.parse::<u64>() else {
        return Err(shape);
    };
    let expected = 98 - (n * 100) % 97;
    if given != expected || !check.chars().all(|c| c.is_ascii_digit()) {
        return Err(Refused {
            message: format!(
                "the ROR id `{written}` ends in `{check}`, but its checksum is `{expected:02}`"
            ),
            help: "a character is mistyped: copy the id from the organisation's page on https://ror.org/"
                .into(),
        });
    }
    Ok(bare)
}

/// `id` without any `http(s)://` and `www.` in front of `hosts`' paths.
fn strip_resolver<'a>(id: &'a str, hosts: &[&str]) -> &'a str {
    let rest = id
        .strip_prefix("https://")
        .or_else(|| id.strip_prefix("http://"))
        .unwrap_or(id);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    hosts
        .iter()
        .find_map(|h| rest.strip_prefix(h))
        .map_or(id, |r| r.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orcid_accepts_bare_and_url_forms_and_the_x_check_digit() {
        // ORCID's own documented examples.
        assert_eq!(orcid("0000-0002-1825-0097").unwrap(), "0000-0002-1825-0097");
        assert_eq!(
            orcid("https://orcid.org/0000-0002-1825-0097").unwrap(),
            "0000-0002-1825-0097"
        );
        assert_eq!(orcid("0000-0001-5109-3700").unwrap(), "0000-0001-5109-3700");
        assert_eq!(orcid("0000-0002-1694-233X").unwrap(), "0000-0002-1694-233X");
    }

    #[test]
    fn orcid_names_the_expected_check_digit() {
        let e = orcid("0000-0002-1825-0098").unwrap_err();
        assert!(e.message.contains("check digit is `7`"), "{}", e.message);
        assert!(orcid("0000-0002-1825").is_err());
        assert!(orcid("0000-0002-1825-009Y").is_err());
        assert!(orcid("https://example.org/0000-0002-1825-0097").is_err());
    }

    #[test]
    fn ror_checksums_of_real_ids() {
        // Real ROR ids: California Digital Library, Brown, Stanford, MIT,
        // Harvard, Oxford, Cambridge, and Crossref's own sample.
        for id in [
            "03yrm5c26",
            "05gq02987",
            "00f54p054",
            "042nb2s44",
            "03vek6s52",
            "052gg0110",
            "013meh722",
            "02twcfp32",
        ] {
            assert_eq!(ror(id).unwrap(), id, "{id}");
        }
        assert_eq!(ror("https://ror.org/03yrm5c26").unwrap(), "03yrm5c26");
    }

    #[test]
    fn ror_refuses_bad_shapes_and_checksums() {
        let e = ror("03yrm5c27").unwrap_err();
        assert!(e.message.contains("checksum is `26`"), "{}", e.message);
        assert!(ror("13yrm5c26").is_err());
        assert!(ror("03yrm5c2").is_err());
        assert!(ror("03yrm5u26").is_err());
        assert!(ror("ror.org/").is_err());
    }
}
