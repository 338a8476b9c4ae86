//! The explanations of every error kind of the parser, and the rule that
//! none of them speaks YAML's jargon.

use super::*;
use serde_saphyr::Location;
use serde_saphyr::granit_parser::ErrorKind;

/// YAML's words, which must never reach an editor.
/// (Not "alias": `aliases` is one of folio's own keys.)
const JARGON: &[&str] = &[
    "mapping",
    "sequence",
    "scalar",
    "anchor",
    "node",
    "flow",
    "block",
    "eof",
    "document",
    "indicator",
    "token",
    "directive",
    "struct",
    "variant",
    "i64",
    "u64",
    "usize",
    "unit",
    "escape",
    "serde",
    "yaml",
    "deserial",
    "invalid type",
];

pub(crate) fn jargon(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    JARGON.iter().copied().find(|j| lower.contains(j))
}

fn assert_plain(w: &Words, what: &str) {
    for text in [&w.message, &w.help] {
        assert!(!text.is_empty(), "{what}: empty words: {w:?}");
        if let Some(j) = jargon(text) {
            panic!("{what}: `{j}` in {text:?}");
        }
    }
    assert!(w.line >= 1 && w.column >= 1, "{what}: no position: {w:?}");
}

const HEADER: &str = "title: After Istanbul: what next\ndate: 2025-11-05\nauthors: [anum-malik]\ntags:\n  - Pakistan\ndraft: maybe\n";

/// Every kind of syntax error the parser has, at several places of a
/// header, reads in plain words.
#[test]
fn every_parser_error_kind_is_in_plain_words() {
    let h = Header::new(HEADER, 2, "title, date, authors, tags, draft");
    let kinds = [
        ErrorKind::InputByteLimitExceeded { limit: 1 },
        ErrorKind::InputDecoding {
            message: "x".into(),
        },
        ErrorKind::UnexpectedEofFlowSequence,
        ErrorKind::UnexpectedEofFlowMapping,
        ErrorKind::UnexpectedEofImplicitFlowMapping,
        ErrorKind::UnexpectedEofBlockSequence,
        ErrorKind::UnexpectedEofBlockMapping,
        ErrorKind::UnexpectedEof,
        ErrorKind::ExpectedStreamStart,
        ErrorKind::DuplicateVersionDirective,
        ErrorKind::UnsupportedYamlMajorVersion,
        ErrorKind::DuplicateTagDirective,
        ErrorKind::ExpectedDocumentStart,
        ErrorKind::MissingDocumentEndBeforeDirective,
        ErrorKind::AnchorCountOverflow,
        ErrorKind::UnknownAnchor,
        ErrorKind::ExpectedNodeContent,
        ErrorKind::ExpectedBlockMappingKey,
        ErrorKind::ExpectedFlowMappingSeparator,
        ErrorKind::ExpectedFlowSequenceSeparator,
        ErrorKind::ExpectedBlockSequenceEntry,
        ErrorKind::UndeclaredTagHandle,
        ErrorKind::MissingIncludeResolver,
        ErrorKind::Custom("x".into()),
        ErrorKind::MultipleDocumentsUnsupported,
        ErrorKind::InputOffsetsWithoutSlice,
        ErrorKind::InputSlicingUnavailable,
        ErrorKind::ExpectedTagBang,
        ErrorKind::ExpectedTagDirectiveBang,
        ErrorKind::InvalidGlobalTagCharacter,
        ErrorKind::SimpleKeyExpected,
        ErrorKind::InvalidSimpleKey,
        ErrorKind::InvalidDocumentEnd,
        ErrorKind::InvalidIndentation,
        ErrorKind::BomInsideDocument,
        ErrorKind::UnexpectedCharacter { character: '@' },
        ErrorKind::TabNotAllowed,
        ErrorKind::TabInBlockIndentation,
        ErrorKind::CommentInterceptedScalar,
        ErrorKind::ExpectedWhitespace,
        ErrorKind::CommentNotSeparated,
        ErrorKind::InvalidDirectiveTerminator,
        ErrorKind::DirectiveDisallowed,
        ErrorKind::MissingYamlVersionSeparator,
        ErrorKind::MissingDirectiveName,
        ErrorKind::InvalidDirectiveName,
        ErrorKind::DirectiveByteLimitExceeded { limit: 1 },
        ErrorKind::TooManyReservedDirectiveParams { limit: 1 },
        ErrorKind::YamlVersionTooLong,
        ErrorKind::MissingYamlVersion,
        ErrorKind::InvalidTagDirectiveTerminator,
        ErrorKind::InvalidTagTerminator,
        ErrorKind::MissingTagUri,
        ErrorKind::UnclosedVerbatimTag,
        ErrorKind::InvalidTagEscape,
        ErrorKind::InvalidTagUtf8LeadingByte,
        ErrorKind::InvalidTagUtf8TrailingByte,
        ErrorKind::InvalidTagUtf8,
        ErrorKind::MissingAnchorOrAliasName,
        ErrorKind::MisplacedFlowCollectionEnd,
        ErrorKind::MismatchedFlowCollectionEnd {
            open: '[',
            close: '}',
        },
        ErrorKind::UnclosedFlowCollection { open: '{' },
        ErrorKind::RecursionLimitExceeded,
        ErrorKind::BlockEntryInFlowCollection,
        ErrorKind::BlockSequenceEntryNotAllowed,
        ErrorKind::InvalidBlockEntryWhitespace,
        ErrorKind::ZeroBlockScalarIndent,
        ErrorKind::InvalidBlockScalarHeader,
        ErrorKind::TabAtBlockScalarStart,
        ErrorKind::InvalidBlockScalarIndent,
        ErrorKind::DocumentIndicatorInQuotedScalar,
        ErrorKind::UnclosedQuotedScalar,
        ErrorKind::TabInIndentation,
        ErrorKind::InvalidQuotedScalarIndent,
        ErrorKind::InvalidTrailingSingleQuotedScalar,
        ErrorKind::InvalidTrailingDoubleQuotedScalar,
        ErrorKind::UnknownQuotedScalarEscape,
        ErrorKind::InvalidQuotedScalarHexEscape,
        ErrorKind::InvalidLowSurrogateHexEscape,
        ErrorKind::InvalidLowSurrogate,
        ErrorKind::MissingLowSurrogate,
        ErrorKind::UnpairedLowSurrogate,
        ErrorKind::InvalidUnicodeEscape,
        ErrorKind::InvalidFlowScalarIndent,
        ErrorKind::PlainScalarStartsWithDashFlowIndicator,
        ErrorKind::TabInPlainScalar,
        ErrorKind::UnexpectedEndOfPlainScalar,
        ErrorKind::MappingKeyNotAllowed,
        ErrorKind::FlowMappingValueAdjacentCollection,
        ErrorKind::InvalidMappingValueWhitespace,
        ErrorKind::InvalidColonPlacement,
        ErrorKind::MappingValueNotAllowed,
    ];
    for kind in &kinds {
        for (line, column) in [(1, 1), (1, 22), (3, 10), (5, 5), (6, 8), (9, 9)] {
            let w = parser_words(kind, &h, line, column);
            assert_plain(&w, &format!("{kind:?} at {line}:{column}"));
        }
    }
}

/// Every error of serde-saphyr's own, likewise.
#[test]
fn every_deserializer_error_is_in_plain_words() {
    let h = Header::new(HEADER, 2, "title, date, authors, tags, draft");
    let loc = Location::UNKNOWN;
    let errors = vec![
        YamlError::Message {
            msg: "invalid type: sequence, expected a string".into(),
            location: loc,
        },
        YamlError::Message {
            msg: custom("one tag with a comma", "write [a, b]"),
            location: loc,
        },
        YamlError::Eof { location: loc },
        YamlError::Unexpected {
            expected: "sequence start",
            location: loc,
        },
        YamlError::Unexpected {
            expected: "mapping start",
            location: loc,
        },
        YamlError::Unexpected {
            expected: "string scalar",
            location: loc,
        },
        YamlError::MergeValueNotMapOrSeqOfMaps { location: loc },
        YamlError::MergeKeyNotAllowed { location: loc },
        YamlError::InvalidBinaryBase64 { location: loc },
        YamlError::BinaryNotUtf8 { location: loc },
        YamlError::TaggedScalarCannotDeserializeIntoString { location: loc },
        YamlError::UnexpectedSequenceEnd { location: loc },
        YamlError::UnexpectedMappingEnd { location: loc },
        YamlError::InvalidBooleanStrict { location: loc },
        YamlError::InvalidCharNull { location: loc },
        YamlError::InvalidCharNotSingleScalar { location: loc },
        YamlError::NullIntoString { location: loc },
        YamlError::BytesNotSupportedMissingBinaryTag { location: loc },
        YamlError::UnexpectedValueForUnit { location: loc },
        YamlError::ExpectedEmptyMappingForUnitStruct { location: loc },
        YamlError::UnexpectedContainerEndWhileSkippingNode { location: loc },
        YamlError::InternalSeedReusedForMapKey { location: loc },
        YamlError::ValueRequestedBeforeKey { location: loc },
        YamlError::ExpectedStringKeyForExternallyTaggedEnum { location: loc },
        YamlError::ExternallyTaggedEnumExpectedScalarOrMapping { location: loc },
        YamlError::UnexpectedValueForUnitEnumVariant { location: loc },
        YamlError::InvalidUtf8Input,
        YamlError::AliasReplayCounterOverflow { location: loc },
        YamlError::AliasReplayLimitExceeded {
            total_replayed_events: 1,
            max_total_replayed_events: 1,
            location: loc,
        },
        YamlError::AliasExpansionLimitExceeded {
            anchor_id: 1,
            expansions: 1,
            max_expansions_per_anchor: 1,
            location: loc,
        },
        YamlError::AliasReplayStackDepthExceeded {
            depth: 1,
            max_depth: 1,
            location: loc,
        },
        YamlError::FoldedBlockScalarMustIndentContent { location: loc },
        YamlError::InternalDepthUnderflow { location: loc },
        YamlError::InternalRecursionStackEmpty { location: loc },
        YamlError::RecursiveReferencesRequireWeakTypes { location: loc },
        YamlError::InvalidScalar {
            ty: "boolean",
            location: loc,
        },
        YamlError::InvalidScalar {
            ty: "i64",
            location: loc,
        },
        YamlError::NonFiniteFloat {
            value: ".nan".into(),
            location: loc,
        },
        YamlError::SerdeInvalidType {
            unexpected: "sequence".into(),
            expected: "a string".into(),
            location: loc,
        },
        YamlError::SerdeInvalidType {
            unexpected: "sequence".into(),
            expected: "struct ArticleHeader".into(),
            location: loc,
        },
        YamlError::SerdeInvalidValue {
            unexpected: "integer `-1`".into(),
            expected: "usize".into(),
            location: loc,
        },
        YamlError::SerdeInvalidLength {
            len: 1,
            expected: "2".into(),
            location: loc,
        },
        YamlError::SerdeUnknownVariant {
            variant: "sometimes".into(),
            expected: vec!["off", "warning", "error"],
            location: loc,
        },
        YamlError::SerdeUnknownField {
            field: "layout".into(),
            expected: vec!["title", "date"],
            location: loc,
        },
        YamlError::SerdeMissingField {
            field: "url",
            location: loc,
        },
        YamlError::UnexpectedContainerEndWhileReadingKeyNode { location: loc },
        YamlError::DuplicateMappingKey {
            key: Some("title".into()),
            location: loc,
        },
        YamlError::DuplicateMappingKey {
            key: None,
            location: loc,
        },
        YamlError::TaggedEnumMismatch {
            tagged: "x".into(),
            target: "y",
            location: loc,
        },
        YamlError::SerdeVariantId {
            msg: "x".into(),
            location: loc,
        },
        YamlError::ExpectedMappingEndAfterEnumVariantValue { location: loc },
        YamlError::ContainerEndMismatch { location: loc },
        YamlError::UnknownAnchor { location: loc },
        YamlError::HookError {
            msg: "x".into(),
            location: loc,
        },
        YamlError::QuotingRequired {
            value: "true".into(),
            location: loc,
        },
        YamlError::UnsupportedTag {
            tag: "!x".into(),
            location: loc,
        },
        YamlError::TaggedStructFieldName {
            tag: "!x".into(),
            location: loc,
        },
        YamlError::MultipleDocuments {
            hint: "x",
            location: loc,
        },
        YamlError::InvalidOptions {
            msg: "x".into(),
            location: loc,
        },
    ];
    let breaches = [
        BudgetBreach::Events { events: 1 },
        BudgetBreach::Aliases { aliases: 1 },
        BudgetBreach::Anchors { anchors: 1 },
        BudgetBreach::Depth { depth: 1 },
        BudgetBreach::Documents { documents: 2 },
        BudgetBreach::Nodes { nodes: 1 },
        BudgetBreach::ScalarBytes {
            total_scalar_bytes: 1,
        },
        BudgetBreach::MergeKeys { merge_keys: 1 },
        BudgetBreach::SequenceUnbalanced,
    ];
    let errors = errors
        .into_iter()
        .chain(breaches.into_iter().map(|breach| YamlError::Budget {
            breach,
            location: loc,
        }));
    for e in errors {
        for (line, column) in [(1, 1), (1, 8), (3, 11), (5, 5), (6, 8), (9, 9)] {
            let w = explain_at(&e, &h, line, column);
            assert_plain(&w, &format!("{e} at {line}:{column}"));
        }
    }
}

#[test]
fn quoting_picks_the_quotes_that_need_no_change() {
    assert_eq!(
        quote("After Istanbul: what next"),
        "\"After Istanbul: what next\""
    );
    assert_eq!(quote("He said \"no\""), "'He said \"no\"'");
    assert_eq!(quote("It's \"x\""), "\"It's \\\"x\\\"\"");
    assert_eq!(
        requoted("title: After Istanbul: what next"),
        "title: \"After Istanbul: what next\""
    );
}

#[test]
fn values_are_read_up_to_their_end() {
    assert_eq!(value_at("tags: [a, [b]]", 11), "[b]");
    assert_eq!(value_at("draft: maybe # not sure", 8), "maybe");
    assert_eq!(value_at("authors: [a, 3]", 14), "3");
    assert_eq!(describe(""), "nothing");
    assert_eq!(
        describe("{a: b}"),
        "a group of `key: value` pairs in braces"
    );
}

#[test]
fn unknown_keys_from_other_tools_say_what_folio_calls_them() {
    let (m, h) = unknown_key("categories", "title, tags");
    assert_eq!(m, "unknown key `categories` in the front matter");
    assert!(h.contains("`tags`"), "{h}");
    let (_, h) = unknown_key("titel", "title, tags");
    assert!(h.starts_with("did you mean `title`?"), "{h}");
}
