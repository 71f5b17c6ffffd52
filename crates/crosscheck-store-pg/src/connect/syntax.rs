//! Reading connection strings: `postgres://` URLs and `key=value` words, and hiding
//! their passwords.

/// `url` with its password replaced by `***`, for messages: the password of a URL's user
/// part, and every `password` option of a URL's query or of `key=value` words. A string too
/// malformed to read loses everything from the first `password` on.
pub fn redact(url: &str) -> String {
    if let Some(rest) = url
        .strip_prefix("postgres://")
        .map(|r| ("postgres://", r))
        .or_else(|| {
            url.strip_prefix("postgresql://")
                .map(|r| ("postgresql://", r))
        })
    {
        let (scheme, rest) = rest;
        let (main, query) = match rest.split_once('?') {
            Some((main, query)) => (main, Some(query)),
            None => (rest, None),
        };
        let mut out = scheme.to_string();
        // Up to the last `@` before the path: an unencoded `@` in a password must not leave
        // the rest of the password showing as a host.
        let host_part = main.find('/').unwrap_or(main.len());
        let authority_end = main[..host_part].rfind('@').unwrap_or(host_part);
        if main[authority_end..].starts_with('@') {
            let userinfo = &main[..authority_end];
            match userinfo.split_once(':') {
                Some((user, _)) => {
                    out.push_str(user);
                    out.push_str(":***");
                }
                None => out.push_str(userinfo),
            }
            out.push_str(&main[authority_end..]);
        } else {
            out.push_str(main);
        }
        if let Some(query) = query {
            out.push('?');
            let pairs: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if percent_decode(key).as_deref() == Ok("password") => {
                        format!("{key}=***")
                    }
                    _ => pair.to_string(),
                })
                .collect();
            out.push_str(&pairs.join("&"));
        }
        return out;
    }
    match keyword_spans(url) {
        Ok(spans) => {
            let mut out = String::with_capacity(url.len());
            let mut at = 0;
            for (key, value) in spans {
                if &url[key.0..key.1] == "password" {
                    out.push_str(&url[at..value.0]);
                    out.push_str("***");
                    at = value.1;
                }
            }
            out.push_str(&url[at..]);
            out
        }
        Err(_) => match url.find("password") {
            Some(at) => format!("{}password=***", &url[..at]),
            None => url.to_string(),
        },
    }
}

/// The options of a `postgres://` URL, in order (the user part's first).
pub(super) fn url_params(url: &str) -> Result<Vec<(String, String)>, String> {
    let rest = url
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let (main, query) = match rest.split_once('?') {
        Some((main, query)) => (main, query),
        None => (rest, ""),
    };
    let mut params = Vec::new();
    let mut main = main;
    let authority_end = main.find(['@', '/']).unwrap_or(main.len());
    if main[authority_end..].starts_with('@') {
        let userinfo = &main[..authority_end];
        let (user, password) = match userinfo.split_once(':') {
            Some((user, password)) => (user, Some(password)),
            None => (userinfo, None),
        };
        if !user.is_empty() {
            params.push(("user".to_string(), percent_decode(user)?));
        }
        if let Some(password) = password {
            params.push(("password".to_string(), percent_decode(password)?));
        }
        main = &main[authority_end + 1..];
    }
    let (hostspec, dbname) = match main.split_once('/') {
        Some((hosts, db)) => (hosts, Some(db)),
        None => (main, None),
    };
    if !hostspec.is_empty() {
        let mut hosts = Vec::new();
        let mut ports = Vec::new();
        for spec in hostspec.split(',') {
            let (host, port) = if let Some(v6) = spec.strip_prefix('[') {
                let (host, after) = v6
                    .split_once(']')
                    .ok_or_else(|| format!("unterminated IPv6 address in {spec:?}"))?;
                (host.to_string(), after.strip_prefix(':').unwrap_or(""))
            } else {
                match spec.split_once(':') {
                    Some((host, port)) => (percent_decode(host)?, port),
                    None => (percent_decode(spec)?, ""),
                }
            };
            hosts.push(host);
            ports.push(port.to_string());
        }
        params.push(("host".to_string(), hosts.join(",")));
        if ports.iter().any(|p| !p.is_empty()) {
            params.push(("port".to_string(), ports.join(",")));
        }
    }
    if let Some(dbname) = dbname.filter(|d| !d.is_empty()) {
        params.push(("dbname".to_string(), percent_decode(dbname)?));
    }
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("option {pair:?} has no value"))?;
        let key = percent_decode(key)?;
        let value = percent_decode(value)?;
        check_key(&key)?;
        match (key.as_str(), value.as_str()) {
            // libpq's JDBC-style spelling.
            ("ssl", "true") => params.push(("sslmode".to_string(), "require".to_string())),
            _ => params.push((key, value)),
        }
    }
    Ok(params)
}

/// The options of a `key=value ...` connection string, in order.
pub(super) fn keyword_params(text: &str) -> Result<Vec<(String, String)>, String> {
    let spans = keyword_spans(text)?;
    let mut params = Vec::with_capacity(spans.len());
    for (key, value) in spans {
        let key = text[key.0..key.1].to_string();
        check_key(&key)?;
        params.push((key, unquote(&text[value.0..value.1])));
    }
    Ok(params)
}

/// Options the reader knows (libpq's that matter to a client of this store).
fn check_key(key: &str) -> Result<(), String> {
    const KNOWN: &[&str] = &[
        "host",
        "hostaddr",
        "port",
        "user",
        "password",
        "dbname",
        "sslmode",
        "sslrootcert",
        "passfile",
        "connect_timeout",
        "application_name",
        "options",
        "target_session_attrs",
        "ssl",
    ];
    if KNOWN.contains(&key) {
        Ok(())
    } else {
        Err(format!("unknown option {key:?}"))
    }
}

/// Byte spans of each key and value of a `key=value` string (a value's span includes its
/// quotes).
type Spans = Vec<((usize, usize), (usize, usize))>;

fn keyword_spans(text: &str) -> Result<Spans, String> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut at = 0;
    let skip_space = |mut at: usize| {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        at
    };
    loop {
        at = skip_space(at);
        if at >= bytes.len() {
            return Ok(spans);
        }
        let key_start = at;
        while at < bytes.len() && bytes[at] != b'=' && !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let key = (key_start, at);
        at = skip_space(at);
        if bytes.get(at) != Some(&b'=') {
            return Err(format!(
                "missing \"=\" after {:?}",
                &text[key_start..key.1.min(text.len())]
            ));
        }
        at = skip_space(at + 1);
        let value_start = at;
        if bytes.get(at) == Some(&b'\'') {
            at += 1;
            loop {
                match bytes.get(at) {
                    None => return Err("unterminated quoted value".to_string()),
                    Some(b'\\') => at += 2,
                    Some(b'\'') => {
                        at += 1;
                        break;
                    }
                    Some(_) => at += 1,
                }
            }
        } else {
            while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
                at += if bytes[at] == b'\\' { 2 } else { 1 };
            }
        }
        at = at.min(bytes.len());
        spans.push((key, (value_start, at)));
    }
}

/// A `key=value` value without its quotes and backslash escapes.
fn unquote(value: &str) -> String {
    let inner = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(value);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with `%XX` escapes decoded.
fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = text
                .get(at + 1..at + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| "invalid percent-encoding".to_string())?;
            out.push(hex);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "percent-encoding is not UTF-8".to_string())
}
