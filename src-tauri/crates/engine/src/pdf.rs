//! Printable pages as PDF: a title, a few lines, one table that breaks across A4 pages with its
//! header row repeated, and closing lines. Used for the principal's report and the
//! disaster-recovery plan, which a school prints and signs.
//!
//! The text is set in a font of the computer's own that has every Vietnamese letter (Arial or
//! Tahoma on Windows, Arial on macOS, Noto Sans, DejaVu Sans or Liberation Sans on Linux) and
//! embedded as a subset, so the file prints the same on any machine. No font is shipped with the
//! app.

use crate::error::{Error, Result};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use std::path::PathBuf;
use std::sync::Arc;

/// A4's sides, in points.
const A4_LONG: f32 = 842.0;
const A4_SHORT: f32 = 595.0;
const MARGIN: f32 = 34.0;
const SIZE: f32 = 8.5;
const TITLE: f32 = 15.0;
const LINE: f32 = SIZE * 1.35;
const PAD: f32 = 3.5;

/// What goes on the pages. Each cell's lines are separated by `\n`; long lines wrap.
pub struct Sheet<'a> {
    pub title: &'a str,
    pub before: &'a [String],
    pub header: &'a [&'a str],
    /// Each column's share of the table's width.
    pub widths: &'a [f32],
    pub rows: &'a [Vec<String>],
    pub after: &'a [String],
    /// A wide table (the report's weeks) goes across the page; a form (the plan) down it.
    pub landscape: bool,
}

/// Fonts tried in order: the first that exists and has Vietnamese letters is used.
fn candidates() -> Vec<PathBuf> {
    let mut c = Vec::new();
    if cfg!(windows) {
        // The system's fonts, then the ones a user installed for themselves (Windows 10 1809+).
        let dirs = [
            std::env::var_os("WINDIR").map(|w| PathBuf::from(w).join("Fonts")),
            std::env::var_os("LOCALAPPDATA").map(|l| {
                PathBuf::from(l)
                    .join("Microsoft")
                    .join("Windows")
                    .join("Fonts")
            }),
        ];
        let dirs: Vec<PathBuf> = dirs.into_iter().flatten().collect();
        for dir in &dirs {
            for f in ["arial.ttf", "tahoma.ttf", "segoeui.ttf", "times.ttf"] {
                c.push(dir.join(f));
            }
        }
        // A PC without those (a trimmed image, Wine) may still have some other font that fits.
        for dir in &dirs {
            let mut others: Vec<PathBuf> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|x| {
                        ["ttf", "otf", "ttc"]
                            .iter()
                            .any(|k| x.eq_ignore_ascii_case(k))
                    })
                })
                .collect();
            others.sort();
            c.extend(others);
        }
    } else if cfg!(target_os = "macos") {
        c.push("/System/Library/Fonts/Supplemental/Arial.ttf".into());
        c.push("/Library/Fonts/Arial.ttf".into());
    } else {
        for f in [
            "noto/NotoSans-Regular.ttf",
            "dejavu/DejaVuSans.ttf",
            "liberation/LiberationSans-Regular.ttf",
            "liberation2/LiberationSans-Regular.ttf",
            "freefont/FreeSans.ttf",
        ] {
            c.push(PathBuf::from("/usr/share/fonts/truetype").join(f));
        }
    }
    c
}

/// A font file of the computer's whose every letter of "Tiếng Việt" and friends is in it.
fn system_font() -> Result<Vec<u8>> {
    first_vietnamese_font(candidates())
}

fn first_vietnamese_font(candidates: impl IntoIterator<Item = PathBuf>) -> Result<Vec<u8>> {
    for path in candidates {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let has_vietnamese = ttf_parser::Face::parse(&bytes, 0).is_ok_and(|f| {
            "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ"
                .chars()
                .all(|ch| f.glyph_index(ch).is_some())
        });
        if has_vietnamese {
            return Ok(bytes);
        }
    }
    Err(Error::NoPdfFont)
}

/// Text widths from the font's own advances, to wrap lines where they really end.
struct Measure<'a>(ttf_parser::Face<'a>);

impl Measure<'_> {
    fn width(&self, s: &str, size: f32) -> f32 {
        let units: u32 = s
            .chars()
            .map(|ch| {
                self.0
                    .glyph_index(ch)
                    .and_then(|g| self.0.glyph_hor_advance(g))
                    .unwrap_or(0) as u32
            })
            .sum();
        units as f32 * size / self.0.units_per_em() as f32
    }

    /// The text with each letter the font lacks (an arrow in Noto Sans, say) written in ones it
    /// has, so the page never prints an empty box.
    fn printable(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for ch in text.chars() {
            if ch.is_whitespace() || self.0.glyph_index(ch).is_some() {
                out.push(ch);
                continue;
            }
            out.push_str(match ch {
                '→' | '⇒' => "->",
                '←' | '⇐' => "<-",
                '“' | '”' | '„' => "\"",
                '‘' | '’' => "'",
                '–' | '—' => "-",
                '…' => "...",
                '•' => "-",
                _ => "?",
            });
        }
        out
    }

    /// Greedy word wrap; a word wider than the column is cut where it no longer fits.
    fn wrap(&self, text: &str, width: f32, size: f32) -> Vec<String> {
        let mut out = Vec::new();
        for para in self.printable(text).split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let joined = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&joined, size) <= width {
                    line = joined;
                    continue;
                }
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                for ch in word.chars() {
                    line.push(ch);
                    if self.width(&line, size) > width && line.chars().count() > 1 {
                        line.pop();
                        out.push(std::mem::replace(&mut line, ch.to_string()));
                    }
                }
            }
            out.push(line);
        }
        out
    }
}

/// Splits rows of the given heights into pages: the first page has `first` points of room below
/// its headings, the others `rest`. Every page holds at least one row.
fn paginate(heights: &[f32], first: f32, rest: f32) -> Vec<std::ops::Range<usize>> {
    let mut pages = Vec::new();
    let (mut start, mut used, mut room) = (0, 0.0, first);
    for (i, h) in heights.iter().enumerate() {
        if i > start && used + h > room {
            pages.push(start..i);
            (start, used, room) = (i, 0.0, rest);
        }
        used += h;
    }
    pages.push(start..heights.len());
    pages
}

fn rect(x: f32, y: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_xywh(x, y, w, h)?);
    pb.finish()
}

pub fn render(sheet: &Sheet) -> Result<Vec<u8>> {
    let bytes = Arc::new(system_font()?);
    let font = Font::new(bytes.clone().into(), 0).ok_or(Error::NoPdfFont)?;
    let measure = Measure(ttf_parser::Face::parse(&bytes, 0).map_err(|_| Error::NoPdfFont)?);
    let l = lay_out(sheet, &measure);
    let mut doc = Document::new();
    let page_settings = PageSettings::from_wh(l.page_w, l.page_h).expect("A4 is a page size");
    let count = l.pages.len();
    for (n, range) in l.pages.iter().enumerate() {
        let mut page = doc.start_page_with(page_settings.clone());
        let mut s = page.surface();
        let pen = Pen {
            font: &font,
            cols: &l.cols,
        };
        let mut y = MARGIN;
        if n == 0 {
            for (i, line) in l.title.iter().enumerate() {
                y += if i == 0 { TITLE } else { TITLE * 1.2 };
                pen.text(&mut s, MARGIN, y, TITLE, line);
            }
            y += TITLE * 0.6;
            for line in l.intro.iter().flatten() {
                y += LINE * 1.1;
                pen.text(&mut s, MARGIN, y, SIZE + 1.0, line);
            }
            y += LINE * 0.8;
        }
        y += pen.row(&mut s, y, &l.header, true);
        for r in &l.rows[range.clone()] {
            y += pen.row(&mut s, y, r, false);
        }
        if n + 1 == count {
            for line in &l.outro {
                y += LINE * 1.6;
                pen.text(&mut s, MARGIN, y, SIZE + 1.0, line);
            }
        }
        let number = format!("Trang {}/{count}", n + 1);
        pen.text(
            &mut s,
            l.page_w - MARGIN - 60.0,
            l.page_h - MARGIN / 2.0,
            SIZE,
            &number,
        );
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| Error::Pdf(format!("{e:?}")))
}

/// A sheet's text wrapped to its columns and split into pages, before anything is drawn.
struct Layout {
    page_w: f32,
    page_h: f32,
    cols: Vec<f32>,
    title: Vec<String>,
    intro: Vec<Vec<String>>,
    /// Each cell's lines, for the header row and each row.
    header: Vec<Vec<String>>,
    rows: Vec<Vec<Vec<String>>>,
    outro: Vec<String>,
    pages: Vec<std::ops::Range<usize>>,
}

/// A row's height: its tallest cell.
fn height(lines: &[Vec<String>]) -> f32 {
    lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * LINE + 2.0 * PAD
}

fn lay_out(sheet: &Sheet, measure: &Measure) -> Layout {
    let (page_w, page_h) = if sheet.landscape {
        (A4_LONG, A4_SHORT)
    } else {
        (A4_SHORT, A4_LONG)
    };
    let table_w = page_w - 2.0 * MARGIN;
    let total: f32 = sheet.widths.iter().sum();
    let cols: Vec<f32> = sheet.widths.iter().map(|w| w / total * table_w).collect();
    let cell_lines = |cells: &[String]| -> Vec<Vec<String>> {
        cells
            .iter()
            .zip(&cols)
            .map(|(c, w)| measure.wrap(c, w - 2.0 * PAD, SIZE))
            .collect()
    };
    let header: Vec<String> = sheet.header.iter().map(|h| h.to_string()).collect();
    let header = cell_lines(&header);
    // Room for the rows on a page below the header row, keeping space for the closing lines.
    let outro: Vec<String> = sheet
        .after
        .iter()
        .flat_map(|l| measure.wrap(l, table_w, SIZE + 1.0))
        .collect();
    let after_h = outro.len() as f32 * LINE * 1.6;
    let body = page_h - 2.0 * MARGIN - height(&header) - LINE - after_h;
    let intro: Vec<Vec<String>> = sheet
        .before
        .iter()
        .map(|l| measure.wrap(l, table_w, SIZE + 1.0))
        .collect();
    let title = measure.wrap(sheet.title, table_w, TITLE);
    let intro_h = TITLE * 1.6
        + (title.len() - 1) as f32 * TITLE * 1.2
        + intro.iter().map(Vec::len).sum::<usize>() as f32 * LINE * 1.1;
    // A row taller than the first page's room is cut, and says where the rest is: every row then
    // fits on any page.
    let fit = (((body - intro_h - 2.0 * PAD) / LINE) as usize).saturating_sub(1);
    let rows: Vec<Vec<Vec<String>>> = sheet
        .rows
        .iter()
        .map(|r| {
            let mut lines = cell_lines(r);
            for cell in &mut lines {
                if cell.len() > fit + 1 {
                    let cut = cell.len() - fit;
                    cell.truncate(fit);
                    cell.push(format!("… còn {cut} dòng nữa (xem bản .xlsx)"));
                }
            }
            lines
        })
        .collect();
    let heights: Vec<f32> = rows.iter().map(|r| height(r)).collect();
    let pages = paginate(&heights, body - intro_h, body);
    Layout {
        page_w,
        page_h,
        cols,
        title,
        intro,
        header,
        rows,
        outro,
        pages,
    }
}

/// Draws text and table rows in the sheet's font and columns.
struct Pen<'a> {
    font: &'a Font,
    cols: &'a [f32],
}

impl Pen<'_> {
    fn text(&self, s: &mut krilla::surface::Surface, x: f32, y: f32, size: f32, t: &str) {
        s.set_stroke(None);
        s.set_fill(Some(Fill::default()));
        s.draw_text(
            Point::from_xy(x, y),
            self.font.clone(),
            size,
            t,
            false,
            TextDirection::Auto,
        );
    }

    /// One row of cells with its borders (shaded for the header); returns its height.
    fn row(
        &self,
        s: &mut krilla::surface::Surface,
        y: f32,
        lines: &[Vec<String>],
        shade: bool,
    ) -> f32 {
        let h = height(lines);
        let mut x = MARGIN;
        for (cell, w) in lines.iter().zip(self.cols) {
            if let Some(p) = rect(x, y, *w, h) {
                s.set_fill(shade.then(|| Fill {
                    paint: rgb::Color::new(232, 240, 250).into(),
                    ..Fill::default()
                }));
                s.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(150, 150, 170).into(),
                    width: 0.5,
                    ..Stroke::default()
                }));
                s.draw_path(&p);
            }
            for (i, l) in cell.iter().enumerate() {
                self.text(s, x + PAD, y + PAD + SIZE + i as f32 * LINE, SIZE, l);
            }
            x += w;
        }
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_go_on_as_many_pages_as_they_need_and_each_page_holds_one() {
        assert_eq!(paginate(&[10.0, 10.0, 10.0], 25.0, 30.0), [0..2, 2..3]);
        assert_eq!(paginate(&[10.0; 7], 15.0, 30.0), [0..1, 1..4, 4..7]);
        // A row taller than a page still gets a page of its own rather than none.
        assert_eq!(paginate(&[50.0, 5.0], 20.0, 20.0), [0..1, 1..2]);
        assert_eq!(
            paginate(&[], 20.0, 20.0),
            vec![std::ops::Range { start: 0, end: 0 }]
        );
    }

    #[test]
    fn a_long_table_breaks_over_pages_and_an_overlong_cell_is_cut_to_fit() {
        let mut rows: Vec<Vec<String>> = (1..=80)
            .map(|i| vec![format!("Tuần {i}"), "Hồ sơ học sinh — 25 hồ sơ".to_string()])
            .collect();
        rows[0][1] = (1..=300)
            .map(|i| format!("dòng {i}"))
            .collect::<Vec<_>>()
            .join("\n");
        let sheet = |rows: &[Vec<String>]| {
            render(&Sheet {
                title: "BÁO CÁO THỰC HIỆN SAO LƯU DỮ LIỆU",
                before: &["Trường Tiểu học Hoa Sen".to_string()],
                header: &["Tuần", "Hồ sơ eSchool"],
                widths: &[1.0, 3.0],
                rows,
                after: &["Hiệu trưởng (ký, đóng dấu)".to_string()],
                landscape: true,
            })
            .unwrap()
        };
        let pages = |pdf: &[u8]| {
            regex::Regex::new(r"/Type\s*/Page\b")
                .unwrap()
                .find_iter(&String::from_utf8_lossy(pdf))
                .count()
        };
        let one = sheet(&rows[1..3]);
        assert!(one.starts_with(b"%PDF-"));
        assert_eq!(pages(&one), 1);
        // 79 short rows take a few pages; the 300-line cell is cut to one page, not 300 lines'
        // worth of pages.
        let many = pages(&sheet(&rows));
        assert!((3..=5).contains(&many), "{many} pages");
    }

    #[test]
    fn a_pc_without_a_vietnamese_font_is_told_what_to_do() {
        let d = tempfile::tempdir().unwrap();
        // A font file without Vietnamese letters (a Latin-only one) and a file that is no font.
        std::fs::write(d.path().join("khong-phai-phong.ttf"), b"not a font").unwrap();
        let err = first_vietnamese_font([
            d.path().join("khong-co.ttf"),
            d.path().join("khong-phai-phong.ttf"),
        ])
        .unwrap_err();
        assert!(matches!(err, Error::NoPdfFont), "{err:?}");
        let said = crate::message::error(&err);
        assert!(
            said.contains("phông chữ tiếng Việt") && said.contains(".html"),
            "{said}"
        );
    }

    #[test]
    fn lines_wrap_at_the_column_width_and_keep_every_letter() {
        let bytes = system_font().expect("a Vietnamese font (setup.sh installs fonts-noto-core)");
        let m = Measure(ttf_parser::Face::parse(&bytes, 0).unwrap());
        let text = "Hồ sơ học sinh: 25 bản ghi, +3 học sinh mới\nđã khắc phục";
        let lines = m.wrap(text, 60.0, SIZE);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| m.width(l, SIZE) <= 60.0), "{lines:?}");
        assert_eq!(lines.last().unwrap(), "đã khắc phục");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
        assert_eq!(words.join(" "), text.replace('\n', " "));
        // A letter the font lacks is written in ones it has.
        let arrow = m.wrap("Công cụ → Nhập → WordPress", 400.0, SIZE).concat();
        assert!(arrow.starts_with("Công cụ ") && arrow.ends_with(" WordPress"));
        assert!(
            arrow.chars().all(|ch| m.0.glyph_index(ch).is_some()),
            "{arrow}"
        );
        // One long word is cut, not lost.
        let cut = m.wrap(
            "https://thhoasen.edu.vn/tin-tuc/bai-viet-rat-dai.html",
            40.0,
            SIZE,
        );
        assert!(cut.len() > 1);
        assert_eq!(
            cut.concat(),
            "https://thhoasen.edu.vn/tin-tuc/bai-viet-rat-dai.html"
        );
    }
}
