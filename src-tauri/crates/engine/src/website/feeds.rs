//! Addresses announced by robots.txt (`Sitemap:` lines), sitemaps (`<loc>`) and RSS/Atom feeds
//! (`<link>`). NukeViet's feed lists only the last 30 articles and its sitemap the newest 1,000,
//! so these only add to what the link walk finds.

use quick_xml::events::Event;
use quick_xml::Reader;
use url::Url;

pub fn from_robots(text: &str, base: &Url) -> Vec<Url> {
    text.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("sitemap")
                .then(|| base.join(v.trim()).ok())?
        })
        .collect()
}

/// `<loc>` of sitemaps and sitemap indexes, `<link>` of RSS items and Atom entries.
pub fn from_xml(text: &str, base: &Url) -> Vec<Url> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut out = Vec::new();
    // Text of the `<loc>`/`<link>` being read; entity references arrive as separate events.
    let mut text: Option<String> = None;
    let href = |e: &quick_xml::events::BytesStart, out: &mut Vec<Url>| {
        if let Some(h) = e.try_get_attribute("href").ok().flatten() {
            if let Ok(v) = h.unescape_value() {
                out.extend(base.join(v.trim()).ok());
            }
        }
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if name == b"link" {
                    href(&e, &mut out);
                }
                text = matches!(name.as_slice(), b"loc" | b"link").then(String::new);
            }
            Ok(Event::Empty(e)) if e.local_name().as_ref().eq_ignore_ascii_case(b"link") => {
                href(&e, &mut out)
            }
            Ok(Event::Text(t)) => {
                if let (Some(buf), Ok(v)) = (text.as_mut(), t.decode()) {
                    buf.push_str(&v);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(buf) = text.as_mut() {
                    let name = r.decode().unwrap_or_default();
                    if let Some(c) = r.resolve_char_ref().ok().flatten() {
                        buf.push(c);
                    } else if let Some(v) = quick_xml::escape::resolve_predefined_entity(&name) {
                        buf.push_str(v);
                    }
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(buf) = text.as_mut() {
                    buf.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::End(_)) => {
                if let Some(v) = text.take() {
                    out.extend(base.join(v.trim()).ok());
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_sitemaps_and_feeds() {
        let base = Url::parse("http://a.vn/").unwrap();
        let robots = "User-agent: *\nDisallow: /admin/\nSitemap: http://a.vn/sitemap.xml\nsitemap: /sitemap-news.xml\n";
        let s: Vec<String> = from_robots(robots, &base)
            .iter()
            .map(|u| u.to_string())
            .collect();
        assert_eq!(
            s,
            ["http://a.vn/sitemap.xml", "http://a.vn/sitemap-news.xml"]
        );

        let sitemap = r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>http://a.vn/news/a-1.html</loc></url><url><loc> http://a.vn/b?x=1&amp;y=2 </loc></url></urlset>"#;
        let s: Vec<String> = from_xml(sitemap, &base)
            .iter()
            .map(|u| u.to_string())
            .collect();
        assert_eq!(s, ["http://a.vn/news/a-1.html", "http://a.vn/b?x=1&y=2"]);

        let rss = r#"<rss><channel><link>http://a.vn/</link><item><title>T</title><link><![CDATA[http://a.vn/news/c-3.html]]></link></item></channel></rss>"#;
        assert_eq!(from_xml(rss, &base).len(), 2);
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/news/d-4.html"/></entry></feed>"#;
        assert_eq!(
            from_xml(atom, &base)[0].as_str(),
            "http://a.vn/news/d-4.html"
        );
    }
}
