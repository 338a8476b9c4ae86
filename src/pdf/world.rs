//! The typst world a PDF is typeset in: everything in memory. The main
//! source is the theme's template; the only files it can read are the ones
//! folio hands it (the article as `/article.json`, its images, the logo), a
//! whitelist by virtual path, so a template or a piece of content can never
//! reach the disk (`#read("/etc/passwd")` is "file not found").

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};

/// The fonts every PDF can use: typst's own (Libertinus Serif, New
/// Computer Modern, DejaVu Sans Mono) and the theme's (`pdf/fonts/`:
/// Noto Naskh Arabic for Urdu). Loaded once per theme.
pub struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Fonts {
    pub fn new(theme_fonts: &[&[u8]]) -> Fonts {
        let mut fonts: Vec<Font> = builtin().to_vec();
        for data in theme_fonts {
            fonts.extend(Font::iter(Bytes::new(data.to_vec())));
        }
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }
}

/// typst-assets' fonts, parsed once for the process.
fn builtin() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        typst_assets::fonts()
            .flat_map(|d| Font::iter(Bytes::new(d)))
            .collect()
    })
}

/// The standard library, built once (it is the same for every PDF).
fn library() -> &'static LazyHash<Library> {
    static LIB: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIB.get_or_init(|| LazyHash::new(Library::default()))
}

pub struct MemWorld<'f> {
    fonts: &'f Fonts,
    main: Source,
    files: BTreeMap<String, Bytes>,
    today: Option<Datetime>,
}

impl<'f> MemWorld<'f> {
    /// A world whose main file is `template` (shown to typst as
    /// `/report.typ`) and which can read `files` by virtual path.
    pub fn new(
        fonts: &'f Fonts,
        template: &str,
        files: BTreeMap<String, Arc<Vec<u8>>>,
        today: (i32, u8, u8),
    ) -> MemWorld<'f> {
        let main = Source::new(file_id("/report.typ"), template.to_string());
        MemWorld {
            fonts,
            main,
            files: files
                .into_iter()
                .map(|(k, v)| (k, Bytes::new(v.as_ref().clone())))
                .collect(),
            today: Datetime::from_ymd(today.0, today.1, today.2),
        }
    }

    /// The line (from 1) of the template a diagnostic points at.
    pub fn line_of(&self, e: &SourceDiagnostic) -> Option<usize> {
        let range = self.range(e.span)?;
        if e.span.id() != Some(self.main.id()) {
            return None;
        }
        self.main.lines().byte_to_line(range.start).map(|l| l + 1)
    }
}

fn file_id(path: &str) -> FileId {
    // Every path folio makes is absolute and plain, so this never fails.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| VirtualPath::new("/").expect("root"));
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

impl World for MemWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let path = id.vpath().get_with_slash();
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| FileError::NotFound(path.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
