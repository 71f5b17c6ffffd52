//! Bytes to text: UTF-8 first, a declared legacy charset second, never a guess.
//!
//! Pages often *declare* `windows-1252` or `iso-8859-1` while sending UTF-8, so valid UTF-8
//! wins over a declaration; bytes that are not UTF-8 are decoded by what the page or HTTP
//! header declares. Undeclared non-UTF-8 is refused: a wrong guess corrupts every name and
//! quote downstream silently, a refusal is visible and fixable.

use std::borrow::Cow;

use super::error::ErrorKind;

/// How many leading bytes are searched for a NUL (binary) and a charset declaration.
const SNIFF_LEN: usize = 8 * 1024;

/// Decode `bytes` as text. `declared` is a charset from outside the bytes (an HTTP header);
/// `is_html` also looks for `<meta charset>` in the first bytes.
pub(crate) fn decode(
    bytes: &[u8],
    declared: Option<&str>,
    is_html: bool,
) -> Result<String, ErrorKind> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    check_not_binary(bytes)?;
    let invalid_at = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text.to_string()),
        Err(err) => err.valid_up_to(),
    };
    let label = declared.map(str::to_string).or_else(|| {
        if is_html {
            html_declared_charset(bytes)
        } else {
            None
        }
    });
    let Some(label) = label else {
        return Err(ErrorKind::InvalidUtf8 { offset: invalid_at });
    };
    let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or(
        ErrorKind::UnknownCharset {
            label: label.clone(),
        },
    )?;
    let (text, _, _) = encoding.decode(bytes);
    Ok(match text {
        Cow::Borrowed(s) => s.to_string(),
        Cow::Owned(s) => s,
    })
}

/// Refuse content with a NUL byte early on: the ripgrep heuristic for binary files.
pub(crate) fn check_not_binary(bytes: &[u8]) -> Result<(), ErrorKind> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    match memchr_nul(head) {
        Some(offset) => Err(ErrorKind::Binary { offset }),
        None => Ok(()),
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// The charset an HTML page declares in its first bytes: `<meta charset="...">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=...">`.
pub(crate) fn html_declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")?;
    let rest = &head[at + "charset=".len()..];
    let rest = rest.trim_start_matches(['"', '\'', ' ']);
    let end = rest
        .find(|c: char| {
            !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':' || c == '.')
        })
        .unwrap_or(rest.len());
    let label = &rest[..end];
    (!label.is_empty()).then(|| label.to_string())
}

/// The `charset=` parameter of a `Content-Type` header value.
pub(crate) fn content_type_charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        assert_eq!(
            decode("Konashénkov".as_bytes(), None, false).unwrap(),
            "Konashénkov"
        );
    }

    #[test]
    fn declared_windows_1252_is_decoded() {
        let html = b"<html><head><meta charset=\"windows-1252\"></head><body>Konash\xe9nkov \x93no\x94</body></html>";
        let text = decode(html, None, true).unwrap();
        assert!(text.contains("Konashénkov “no”"), "{text}");
    }

    #[test]
    fn undeclared_invalid_utf8_is_refused_with_offset() {
        let err = decode(b"abc \xe9 def", None, false).unwrap_err();
        assert!(matches!(err, ErrorKind::InvalidUtf8 { offset: 4 }), "{err}");
    }

    #[test]
    fn http_header_charset_wins_for_non_utf8() {
        let text = decode(b"caf\xe9", Some("iso-8859-1"), false).unwrap();
        assert_eq!(text, "café");
        assert_eq!(
            content_type_charset("text/html; charset=\"ISO-8859-1\"").as_deref(),
            Some("ISO-8859-1")
        );
    }

    #[test]
    fn nul_means_binary() {
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00", None, false),
            Err(ErrorKind::Binary { offset: 4 })
        ));
    }
}
