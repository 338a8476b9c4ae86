//! Where a Liquid tag stands: in code (a fenced block, a `highlight`
//! block, between backticks), where a comment would show, or in text.

/// Whether a place of the body is in code: a fenced block, a `highlight`
/// block, or between backticks on its line. The body is read once, in
/// order, however many places are asked about.
#[derive(Default)]
pub(super) struct Code {
    /// The body has been read up to here.
    pub(super) pos: usize,
    line_start: usize,
    /// Newlines before `pos`.
    pub(super) newlines: usize,
    /// Backticks between the line's start and `pos`.
    ticks: usize,
    /// The open fence: its character and length.
    fence: Option<(char, usize)>,
    pub(super) highlight: bool,
}

impl Code {
    pub(super) fn at(&mut self, body: &str, at: usize) -> bool {
        let from = self.pos.min(at);
        for (k, b) in body.as_bytes()[from..at].iter().enumerate() {
            match b {
                b'\n' => {
                    let end = from + k + 1;
                    self.fence_line(&body[self.line_start..end]);
                    self.line_start = end;
                    self.newlines += 1;
                    self.ticks = 0;
                }
                b'`' => self.ticks += 1,
                _ => {}
            }
        }
        self.pos = self.pos.max(at);
        self.fence.is_some() || self.highlight || self.ticks % 2 == 1
    }

    fn fence_line(&mut self, line: &str) {
        let t = line.trim_start_matches(' ');
        if line.len() - t.len() > 3 {
            return;
        }
        let Some(ch) = t.chars().next().filter(|c| matches!(c, '`' | '~')) else {
            return;
        };
        let run = t.chars().take_while(|&c| c == ch).count();
        if run < 3 {
            return;
        }
        match self.fence {
            None => self.fence = Some((ch, run)),
            Some((open, len)) if open == ch && run >= len && t[run..].trim().is_empty() => {
                self.fence = None
            }
            Some(_) => {}
        }
    }
}
