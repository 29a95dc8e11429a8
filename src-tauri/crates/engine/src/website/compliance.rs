//! The directive's rules for a school website, checked on its pages: the footer must show the
//! unit's name, its governing body (cơ quan chủ quản), address, email, phone and the person
//! responsible for the content; the site publishes the school's own news, not articles re-posted
//! from the press or state portals. Findings are for a person to review; nothing is changed.

use super::articles::Article;
use crate::text::{fold, squash};
use regex::Regex;
use scraper::{Html, Selector};
use serde::Serialize;
use std::sync::LazyLock;

/// One required footer item: found or not, and the text that showed it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    pub key: &'static str,
    pub label: &'static str,
    pub found: bool,
    pub text: Option<String>,
}

/// A legal reference shown to users, with whether it is still in force.
#[derive(Debug, Clone, Serialize)]
pub struct LegalRef {
    pub code: &'static str,
    pub title: &'static str,
    pub in_force: bool,
    pub replaced_by: Option<&'static str>,
}

/// The rules come from these; the directive cites the first, which the second replaced.
pub const LEGAL: &[LegalRef] = &[
    LegalRef {
        code: "Thông tư 37/2020/TT-BGDĐT",
        title: "Quy định về tổ chức hoạt động, sử dụng thư điện tử và cổng thông tin điện tử tại sở giáo dục và đào tạo, phòng giáo dục và đào tạo và các cơ sở giáo dục mầm non, giáo dục phổ thông và giáo dục thường xuyên",
        in_force: true,
        replaced_by: None,
    },
    LegalRef {
        code: "Thông tư 53/2012/TT-BGDĐT",
        title: "Quy định về tổ chức hoạt động, sử dụng thư điện tử và cổng thông tin điện tử (văn bản cũ được nêu trong chỉ thị)",
        in_force: false,
        replaced_by: Some("Thông tư 37/2020/TT-BGDĐT"),
    },
];

#[derive(Debug, Clone, Serialize)]
pub struct Repost {
    pub url: String,
    pub title: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub site: String,
    pub items: Vec<Item>,
    pub reposts: Vec<Repost>,
    /// Articles read for re-posts; a standalone check reads only the newest, a backup every one.
    pub articles_checked: usize,
    pub every_article: bool,
    /// `articles_sentence`, for front ends that show the check as it came.
    pub articles_note: String,
    pub legal: &'static [LegalRef],
    /// What the site runs on, when its home page says (`cms::Cms::of_page`).
    pub cms: Option<super::cms::Cms>,
}

impl Check {
    pub fn new(
        site: String,
        items: Vec<Item>,
        reposts: Vec<Repost>,
        articles_checked: usize,
        every_article: bool,
    ) -> Check {
        let mut c = Check {
            site,
            items,
            reposts,
            articles_checked,
            every_article,
            articles_note: String::new(),
            legal: LEGAL,
            cms: None,
        };
        c.articles_note = c.articles_sentence();
        c
    }

    /// Which articles the re-post check read, so that a quick check and a backup's check that
    /// disagree say why.
    pub fn articles_sentence(&self) -> String {
        if self.every_article {
            format!(
                "Đã kiểm tra cả {} bài viết của trang.",
                self.articles_checked
            )
        } else {
            format!(
                "Đã kiểm tra {} bài viết mới nhất có trên trang chủ; các bài cũ hơn chưa được kiểm tra (bản sao lưu trang web kiểm tra mọi bài).",
                self.articles_checked
            )
        }
    }

    pub fn missing(&self) -> Vec<&'static str> {
        self.items
            .iter()
            .filter(|i| !i.found)
            .map(|i| i.label)
            .collect()
    }
}

/// The newest check of the school's own site made on its own (not during a backup), kept so
/// that the education office hears of it (`district::doc`).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Remembered {
    pub checked_at: chrono::DateTime<chrono::FixedOffset>,
    pub missing: Vec<String>,
    pub reposts: usize,
}

fn remembered_file(app: &crate::appdata::AppData) -> std::path::PathBuf {
    app.root().join("kiem-tra-trang-web-gan-nhat.json")
}

/// Keeps what a check of the school's own site found; a failure to keep it loses only that.
pub fn remember(app: &crate::appdata::AppData, c: &Check, at: chrono::DateTime<chrono::Local>) {
    let r = Remembered {
        checked_at: at.fixed_offset(),
        missing: c.missing().iter().map(|m| m.to_string()).collect(),
        reposts: c.reposts.len(),
    };
    if let Ok(body) = serde_json::to_vec_pretty(&r) {
        let _ = crate::archive::write_atomically(&remembered_file(app), &body);
    }
}

pub fn remembered(app: &crate::appdata::AppData) -> Option<Remembered> {
    let bytes = std::fs::read(remembered_file(app)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Where a site puts what every page shows at its foot: footers, the theme's footer widget areas
/// (Twenty Twenty-One's `<aside class="widget-area">` sits before `<footer id="colophon">`),
/// sidebars and widgets, and the landmark roles. Matched only outside articles: each post's own
/// `<footer class="entry-footer">` says nothing about the school.
const SITE_REGIONS: &str =
    "footer, #footer, .footer, [id*=footer], [class*=footer], [class*=Footer], \
     [id*=Footer], [role=contentinfo], .site-info, aside, .widget-area, .widget, [class*=widget], \
     [role=complementary]";

/// Elements that end a line of text as a person reads it.
const BLOCKS: &[&str] = &[
    "p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "section",
    "address", "footer", "aside", "ul", "ol", "table", "dd", "dt", "header", "nav",
];

/// Elements whose text no one sees.
const HIDDEN: &[&str] = &["script", "style", "noscript", "template"];

/// An element that is one article (or inside one), as themes and CMSs mark them.
fn in_article(e: scraper::ElementRef) -> bool {
    std::iter::once(e)
        .chain(e.ancestors().filter_map(scraper::ElementRef::wrap))
        .any(|a| {
            let el = a.value();
            el.name() == "article"
                || el.classes().any(|c| {
                    matches!(
                        c,
                        "hentry" | "type-post" | "entry-footer" | "post-footer" | "entry-meta"
                    )
                })
        })
}

/// A region's text as the lines a person sees: a label and the value beside it ("<strong>Cơ quan
/// chủ quản:</strong> Phòng GD&ĐT") are one line, so the value is the evidence, not the label.
fn lines_of(e: scraper::ElementRef, out: &mut Vec<String>) {
    let mut line = String::new();
    let mut hidden = 0usize;
    let flush = |line: &mut String, out: &mut Vec<String>| {
        let t = squash(line);
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
        line.clear();
    };
    for edge in e.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) => match n.value() {
                scraper::Node::Text(t) if hidden == 0 => line.push_str(t),
                scraper::Node::Element(el) if HIDDEN.contains(&el.name()) => hidden += 1,
                scraper::Node::Element(el) if BLOCKS.contains(&el.name()) => flush(&mut line, out),
                _ => {}
            },
            ego_tree::iter::Edge::Close(n) => match n.value() {
                scraper::Node::Element(el) if HIDDEN.contains(&el.name()) => hidden -= 1,
                scraper::Node::Element(el) if BLOCKS.contains(&el.name()) => flush(&mut line, out),
                _ => {}
            },
        }
    }
    flush(&mut line, out);
}

/// The site's own footer lines: its site-wide regions, outermost first, never an article's own
/// footer; a page with none of them gives its last lines.
pub fn footer_lines(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(SITE_REGIONS).expect("static selector");
    let mut lines: Vec<String> = Vec::new();
    let regions: Vec<scraper::ElementRef> = doc.select(&sel).filter(|e| !in_article(*e)).collect();
    // A region inside another already read adds nothing.
    for e in &regions {
        let nested = e
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .any(|a| regions.iter().any(|r| r.id() == a.id()));
        if !nested {
            lines_of(*e, &mut lines);
        }
    }
    if lines.is_empty() {
        let body = Selector::parse("body").expect("static selector");
        let mut all = Vec::new();
        for b in doc.select(&body) {
            lines_of(b, &mut all);
        }
        lines = all[all.len().saturating_sub(40)..].to_vec();
    }
    lines
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(\.[\w-]+)+").expect("static regex"));
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\+84|\b0)[\d][\d .-]{7,12}\d").expect("static regex"));

/// Checks the six footer items on a page (normally the home page).
pub fn footer(html: &str, school_name: &str) -> Vec<Item> {
    let lines = footer_lines(html);
    let folded: Vec<String> = lines.iter().map(|l| fold(l).to_lowercase()).collect();
    let find = |pred: &dyn Fn(&str, &str) -> bool| {
        lines
            .iter()
            .zip(&folded)
            .find(|(l, f)| pred(l, f))
            .map(|(l, _)| l.clone())
    };
    let word = |f: &str, w: &str| {
        f.match_indices(w).any(|(i, _)| {
            let before = f[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after = f[i + w.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            before && after
        })
    };
    let name = fold(school_name).to_lowercase();
    let unit = find(&|_, f| {
        (!name.is_empty() && f.contains(&name))
            || [
                "truong mam non",
                "truong mau giao",
                "truong tieu hoc",
                "truong thcs",
                "truong trung hoc",
                "truong th ",
                "truong mn ",
            ]
            .iter()
            .any(|k| f.contains(k))
    });
    let governing = find(&|_, f| {
        ["co quan chu quan", "don vi chu quan", "co quan quan ly"]
            .iter()
            .any(|k| f.contains(k))
    });
    let address = find(&|_, f| word(f, "dia chi") || word(f, "d/c") || f.starts_with("dc:"));
    // A line with an actual address or number beats one that only has the word ("Phòng GD&ĐT"
    // folds to a lone "dt").
    let email = find(&|l, _| EMAIL.is_match(l)).or_else(|| {
        find(&|_, f| word(f, "email") || word(f, "e-mail") || f.contains("thu dien tu"))
    });
    let phone = find(&|l, _| PHONE.is_match(l)).or_else(|| {
        find(&|_, f| {
            // "GD&ĐT" (giáo dục và đào tạo) is no phone number.
            let f = f.replace("gd&dt", "").replace("gd-dt", "");
            ["dien thoai", "dt", "sdt", "tel", "hotline", "dtdd"]
                .iter()
                .any(|k| word(&f, k))
        })
    });
    let responsible = find(&|_, f| f.contains("chiu trach nhiem"));
    let item = |key, label, text: Option<String>| Item {
        key,
        label,
        found: text.is_some(),
        text,
    };
    vec![
        item("unit", "Tên đơn vị", unit),
        item("governing_body", "Cơ quan chủ quản", governing),
        item("address", "Địa chỉ", address),
        item("email", "Email", email),
        item("phone", "Điện thoại", phone),
        item(
            "responsible",
            "Người chịu trách nhiệm nội dung",
            responsible,
        ),
    ]
}

/// Press and state-portal domains whose articles schools must not re-post.
const PRESS: &[&str] = &[
    "vnexpress.net",
    "tuoitre.vn",
    "thanhnien.vn",
    "dantri.com.vn",
    "vietnamnet.vn",
    "nhandan.vn",
    "giaoducthoidai.vn",
    "baochinhphu.vn",
    "chinhphu.vn",
    "vtv.vn",
    "vov.vn",
    "tienphong.vn",
    "laodong.vn",
    "nld.com.vn",
    "znews.vn",
    "zingnews.vn",
    "kenh14.vn",
    "24h.com.vn",
    "sggp.org.vn",
    "hanoimoi.vn",
    "qdnd.vn",
    "cand.com.vn",
    "moet.gov.vn",
    "dangcongsan.vn",
    "tapchicongsan.org.vn",
    "vietnamplus.vn",
    "baomoi.com",
];

/// Outlet names as they appear in a "Nguồn: …" / "Theo …" credit, without diacritics.
const OUTLETS: &[&str] = &[
    "vnexpress",
    "tuoi tre",
    "thanh nien",
    "dan tri",
    "vietnamnet",
    "nhan dan",
    "giao duc thoi dai",
    "giao duc va thoi dai",
    "gd&td",
    "bao chinh phu",
    "cong thong tin dien tu chinh phu",
    "vtv",
    "vov",
    "tien phong",
    "lao dong",
    "nguoi lao dong",
    "zing",
    "kenh14",
    "24h",
    "sai gon giai phong",
    "ha noi moi",
    "quan doi nhan dan",
    "cong an nhan dan",
    "vietnamplus",
    "bo giao duc",
    "dang cong san",
    "tap chi cong san",
    "ttxvn",
    "thong tan xa",
];

fn press_host(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
    let hit = PRESS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        || host.ends_with(".gov.vn")
        || host == "gov.vn";
    hit.then_some(host)
}

/// Articles that look re-posted from the press or state portals, with why.
pub fn reposts(articles: &[Article]) -> Vec<Repost> {
    static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[\s(])(nguon|theo)\s*:?\s*(.{0,60})").expect("static regex")
    });
    let mut out = Vec::new();
    for a in articles {
        let mut reasons = Vec::new();
        let text = fold(&a.body_text).to_lowercase();
        for c in CREDIT.captures_iter(&text) {
            if let Some(o) = OUTLETS.iter().find(|o| c[2].contains(*o)) {
                reasons.push(format!(
                    "ghi nguồn/“theo” một cơ quan báo chí hoặc cổng thông tin ({o})"
                ));
                break;
            }
        }
        let mut hosts: Vec<String> = a
            .images
            .iter()
            .chain(&a.attachments)
            .filter(|l| l.saved_as.is_none())
            .filter_map(|l| press_host(&l.url))
            .collect();
        static HREF: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?:href|src)="(https?://[^"]+)""#).expect("static regex")
        });
        hosts.extend(
            HREF.captures_iter(&a.body_html)
                .filter_map(|c| press_host(&c[1])),
        );
        hosts.sort();
        hosts.dedup();
        if !hosts.is_empty() {
            reasons.push(format!("có liên kết hoặc ảnh lấy từ {}", hosts.join(", ")));
        }
        // A link to a press article whose text is this article's own title: copied, with its title.
        static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?s)<a[^>]+href="(https?://[^"]+)"[^>]*>(.*?)</a>"#)
                .expect("static regex")
        });
        let title = squash(&fold(&a.title).to_lowercase());
        let same_title = ANCHOR.captures_iter(&a.body_html).find(|c| {
            let text = squash(&fold(&html_escape::decode_html_entities(&c[2])).to_lowercase());
            press_host(&c[1]).is_some() && !title.is_empty() && text == title
        });
        if let Some(c) = same_title {
            reasons.push(format!(
                "tiêu đề trùng với bài được dẫn từ {}",
                press_host(&c[1]).unwrap_or_default()
            ));
        }
        if !reasons.is_empty() {
            out.push(Repost {
                url: a.url.clone(),
                title: a.title.clone(),
                reasons,
            });
        }
    }
    out
}

/// `kiem-tra-trang-web.html`: the result for the principal, in plain Vietnamese.
pub fn html(c: &Check) -> String {
    use crate::text::html_escape as esc;
    let rows: String = c
        .items
        .iter()
        .map(|i| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(i.label),
                if i.found {
                    "✔ Có"
                } else {
                    "✘ Không thấy"
                },
                esc(i.text.as_deref().unwrap_or(""))
            )
        })
        .collect();
    let reposts = if c.reposts.is_empty() {
        "<p>Không thấy bài viết nào có dấu hiệu lấy lại từ báo chí hoặc cổng thông tin.</p>"
            .to_string()
    } else {
        let li: String = c
            .reposts
            .iter()
            .map(|r| {
                format!(
                    "<li><a href=\"{}\">{}</a>: {}</li>\n",
                    esc(&r.url),
                    esc(&r.title),
                    esc(&r.reasons.join("; "))
                )
            })
            .collect();
        format!("<p>Các bài sau cần người xem lại (ứng dụng không xoá gì):</p><ul>{li}</ul>")
    };
    let reposts = format!("<p>{}</p>{reposts}", esc(&c.articles_note));
    let legal: String = c
        .legal
        .iter()
        .map(|l| match l.replaced_by {
            None => format!(
                "<li><b>{}</b> (đang có hiệu lực): {}</li>",
                esc(l.code),
                esc(l.title)
            ),
            Some(r) => format!(
                "<li>{} — đã được thay thế bởi {}.</li>",
                esc(l.code),
                esc(r)
            ),
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Kiểm tra trang web theo quy định</title>\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td,th{{border:1px solid #999;padding:.2em .5em}}table{{border-collapse:collapse}}</style>\
         <h1>Kiểm tra trang web theo quy định</h1><p>Trang web: <b>{}</b></p>\
         <h2>Chân trang phải có</h2><table><tr><th>Mục</th><th>Kết quả</th><th>Nội dung tìm thấy</th></tr>\n{rows}</table>\
         <h2>Bài viết lấy lại từ báo chí, cổng thông tin</h2>{reposts}<h2>Căn cứ</h2><ul>{legal}</ul></html>",
        esc(&c.site)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_items_with_and_without_diacritics() {
        let page = r#"<body><main>Tin tức</main><div id="footer"><p>TRƯỜNG TIỂU HỌC HOA SEN</p>
            <p>Cơ quan chủ quản: Phòng GD&amp;ĐT Quận 1</p><p>Địa chỉ: 12 Hoa Sen</p>
            <p>ĐT: 028 3812 3456 - E-mail: c1hoasen@hcm.edu.vn</p><p>Chịu trách nhiệm nội dung: Bà Nguyễn Thị Mẫu</p></div></body>"#;
        let items = footer(page, "");
        assert!(items.iter().all(|i| i.found), "{items:?}");
        assert_eq!(
            items[4].text.as_deref(),
            Some("ĐT: 028 3812 3456 - E-mail: c1hoasen@hcm.edu.vn")
        );
        let plain = "<body><footer>Truong Mam non Sao Mai. Don vi chu quan: UBND Quan 3. Dia chi: 5 Le Loi. Dien thoai: 0909123456. Nguoi chiu trach nhiem: Tran Van A</footer></body>";
        let items = footer(plain, "");
        let found: Vec<&str> = items.iter().filter(|i| i.found).map(|i| i.key).collect();
        assert_eq!(
            found,
            ["unit", "governing_body", "address", "phone", "responsible"]
        );
        let bare = footer(
            "<body><div class=\"footer\">Bản quyền thuộc về nhà trường</div></body>",
            "Trường Tiểu học Hoa Sen",
        );
        assert!(bare.iter().all(|i| !i.found), "{bare:?}");
        // "dt" inside a word is not a phone label.
        assert!(!footer("<footer>Hiệu trưởng: Nguyễn Đạt</footer>", "")[4].found);
    }

    #[test]
    fn the_value_beside_a_label_is_the_evidence_and_article_footers_are_not_the_site_footer() {
        let page = r#"<body><main><article class="post hentry"><p>Bài 1</p>
            <footer class="entry-footer">Đăng bởi quantri. Danh mục: Tin tức</footer></article></main>
            <aside class="widget-area"><section class="widget"><p><strong>Cơ quan chủ quản:</strong>
            Phòng GD&amp;ĐT quận Hoa Sen</p><p><b>Địa chỉ:</b> 12 Hoa Sen</p></section></aside>
            <footer id="colophon"><div class="site-info">Trường Tiểu học Hoa Sen</div>
            <script>var footer = "Điện thoại 0909123456";</script></footer></body>"#;
        let lines = footer_lines(page);
        assert!(!lines.iter().any(|l| l.contains("Đăng bởi")), "{lines:?}");
        let items = footer(page, "");
        assert_eq!(
            items[1].text.as_deref(),
            Some("Cơ quan chủ quản: Phòng GD&ĐT quận Hoa Sen")
        );
        assert_eq!(items[2].text.as_deref(), Some("Địa chỉ: 12 Hoa Sen"));
        assert!(
            !items[4].found,
            "a script's text is not shown: {:?}",
            items[4]
        );
    }

    #[test]
    fn reposted_articles_are_flagged_for_review() {
        let art = |body: &str, html: &str| Article {
            url: "http://a.vn/tin/1.html".into(),
            title: "Tin".into(),
            published: None,
            published_time: None,
            author: None,
            category: None,
            summary: None,
            body_html: html.into(),
            body_text: body.into(),
            images: vec![],
            attachments: vec![],
            saved_as: None,
        };
        let flagged = reposts(&[
            art("Bộ GD công bố lịch thi. Nguồn: VnExpress", ""),
            art("Theo Báo Tuổi Trẻ, năm nay...", ""),
            art(
                "Tin của trường",
                r#"<img src="https://i1-vnexpress.vnecdn.net/a.jpg"><a href="https://moet.gov.vn/tin">x</a>"#,
            ),
            art(
                "Hội thi vẽ tranh của học sinh lớp 3. Theo kế hoạch của nhà trường",
                "",
            ),
            art(
                "Nội dung",
                r#"<p>Xem <a href="https://thanhnien.vn/tin-123.htm">Tin</a></p>"#,
            ),
        ]);
        assert_eq!(flagged.len(), 4, "{flagged:?}");
        assert!(
            flagged[3]
                .reasons
                .iter()
                .any(|r| r.contains("tiêu đề trùng")),
            "{flagged:?}"
        );
        assert!(flagged[2].reasons[0].contains("moet.gov.vn"));
    }
}
