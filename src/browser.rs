//! Handing a link to the world outside: a browser started with the URL as
//! its one argument (never through a shell, never waited for, its output
//! kept off our terminal), and the OSC 52 sequence that asks the terminal
//! to copy a URL to the clipboard.

use std::process::{Command, Stdio};

/// The program that opens URLs: `$BROWSER` (its first entry, when it is a
/// `:`-separated list), else `xdg-open` (`open` on macOS).
pub fn browser() -> String {
    let from_env = std::env::var("BROWSER").ok();
    from_env
        .as_deref()
        .and_then(|b| b.split(':').map(str::trim).find(|b| !b.is_empty()))
        .map(str::to_string)
        .unwrap_or_else(|| {
            if cfg!(target_os = "macos") {
                "open".into()
            } else {
                "xdg-open".into()
            }
        })
}

/// Starts the browser on `url` and returns at once. The URL is one
/// argument of a direct exec: `;`, `$( )` and spaces in it mean nothing.
pub fn open_url(url: &str) -> Result<(), String> {
    let program = browser();
    let mut command = Command::new(&program);
    command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // The browser is not held to lektyr's small pages.
    let mut child = crate::memory::for_child(|| command.spawn())
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    // Reaped in the background so no zombie is left, and nothing blocks.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The OSC 52 sequence that puts `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!("\u{1b}]52;c;{}\u{7}", base64(text.as_bytes()))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = (n >> (18 - 6 * i)) & 63;
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_the_standard_says() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
            ("https://å.example/", "aHR0cHM6Ly/DpS5leGFtcGxlLw=="),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
        assert_eq!(osc52("foo"), "\u{1b}]52;c;Zm9v\u{7}");
    }
}
