//! Base: the publication types (commentary, analysis, report, brief,
//! working paper, event report). Front matter and sections name them,
//! site.toml's `[pdf] types` lists them, and they decide structured data,
//! citations and which pieces get a PDF, so they sit below every stage.

/// Publication type: drives structured data and citation metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArticleType {
    Commentary,
    Analysis,
    Report,
    Brief,
    WorkingPaper,
    Event,
}

impl ArticleType {
    pub const NAMES: &'static str = "commentary, analysis, report, brief, working-paper, event";

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "commentary" => Self::Commentary,
            "analysis" => Self::Analysis,
            "report" => Self::Report,
            "brief" => Self::Brief,
            "working-paper" => Self::WorkingPaper,
            "event" => Self::Event,
            _ => return None,
        })
    }

    /// The type a folder name implies ("policy-briefs" -> brief), if any.
    pub fn from_folder(name: &str) -> Option<Self> {
        // "analysis" is its own plural; "policy-briefs" names briefs.
        let singular = name.strip_suffix('s').unwrap_or(name);
        [name, singular]
            .into_iter()
            .find_map(|n| Self::parse(n).or_else(|| Self::parse(n.rsplit('-').next()?)))
    }

    /// Whether Google Scholar's tags are on for this type unless a section
    /// or article says otherwise.
    pub fn scholarly(self) -> bool {
        matches!(
            self,
            Self::Report | Self::Brief | Self::WorkingPaper | Self::Analysis
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Commentary => "commentary",
            Self::Analysis => "analysis",
            Self::Report => "report",
            Self::Brief => "brief",
            Self::WorkingPaper => "working-paper",
            Self::Event => "event",
        }
    }
}
