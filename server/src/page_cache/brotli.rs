//! A kept page compressed once with brotli, which still gets a fresh nonce
//! on every answer without being compressed again.
//!
//! The body is compressed in pieces, cut where the nonce stands, as brotli's
//! concatenable streams: the first piece carries the stream's header, and
//! each ends on a byte boundary. Each nonce goes between two pieces as an
//! uncompressed meta-block, and one last empty meta-block ends the stream
//! (RFC 7932). An answer copies the compressed page and writes the fresh
//! nonce over the stored ones; brotli carries no checksum to make again.
//!
//! A later piece may repeat what comes before it (the page's data, sent
//! again for hydration, repeats its text): it is compressed with the page
//! before it as a dictionary, the nonces in it made of a byte that no page
//! holds (`0xFF` is never in UTF-8), so that nothing the piece refers to is
//! a nonce, which the answer changes.

use std::io::Read;

use brotli::enc::{BrotliCompressCustomIoCustomDict, BrotliEncoderParams, StandardAlloc};
use brotli::{IoReaderWrapper, IoWriterWrapper};

/// Quality 5 of 11: as small as 9 for a page of the store list, within a
/// percent or two, and compressed in under half a millisecond, which a
/// signed-in visitor's first view of a page pays. Above 4, brotli's own
/// choice of matcher wants a window of at least 2^17 bytes to stay that fast.
const QUALITY: i32 = 5;
/// The smallest sliding window used, 2^18 bytes; a larger page gets the
/// smallest window that holds it, the same for all its pieces.
const LEAST_WINDOW_BITS: i32 = 18;
/// The largest window of a brotli stream that is not a large-window one.
const MOST_WINDOW_BITS: i32 = 24;
/// The last meta-block, empty: ISLAST and ISLASTEMPTY set.
const END: u8 = 0x03;
/// What stands for a nonce in the dictionary of the pieces after it.
const NOT_IN_A_PAGE: u8 = 0xff;

pub struct BrotliPage {
    /// The pieces, the stored nonces and the end of the stream.
    bytes: Vec<u8>,
    /// Where each stored nonce starts in `bytes`.
    nonce_at: Vec<usize>,
}

impl BrotliPage {
    /// Compresses `body`, in which a nonce of `nonce_len` bytes stands at
    /// each of `nonce_at` (ascending, not overlapping).
    pub fn new(body: &[u8], nonce_len: usize, nonce_at: &[usize]) -> std::io::Result<Self> {
        let header = stored_header(nonce_len)?;
        let window = window_bits(body.len())?;
        let mut blanked = body.to_vec();
        for &at in nonce_at {
            blanked[at..at + nonce_len].fill(NOT_IN_A_PAGE);
        }
        let mut bytes = Vec::with_capacity(body.len() / 3);
        let mut stored_at = Vec::with_capacity(nonce_at.len());
        let mut start = 0;
        for &at in nonce_at {
            compress_piece(&blanked[..start], &body[start..at], window, &mut bytes)?;
            bytes.extend_from_slice(&header);
            stored_at.push(bytes.len());
            bytes.extend_from_slice(&body[at..at + nonce_len]);
            start = at + nonce_len;
        }
        compress_piece(&blanked[..start], &body[start..], window, &mut bytes)?;
        bytes.push(END);
        // Kept as long as the page is: what it takes is what it holds.
        bytes.shrink_to_fit();
        Ok(Self {
            bytes,
            nonce_at: stored_at,
        })
    }

    /// The compressed page with `nonce` in place of the one it was made
    /// with, which must be as long.
    pub fn with_nonce(&self, nonce: &[u8]) -> Vec<u8> {
        let mut bytes = self.bytes.clone();
        for &at in &self.nonce_at {
            bytes[at..at + nonce.len()].copy_from_slice(nonce);
        }
        bytes
    }

    /// The page as it was before compressing, with `nonce` in place of the
    /// one it was made with.
    pub fn decompressed_with_nonce(&self, nonce: &[u8]) -> std::io::Result<Vec<u8>> {
        let compressed = self.with_nonce(nonce);
        let mut plain = Vec::with_capacity(4 * compressed.len());
        brotli::Decompressor::new(&compressed[..], 4096).read_to_end(&mut plain)?;
        Ok(plain)
    }

    /// What it takes in memory.
    pub fn weight(&self) -> usize {
        self.bytes.len() + std::mem::size_of::<usize>() * self.nonce_at.len()
    }
}

/// Appends `piece` to `out` as a stream with no last meta-block, ending on a
/// byte boundary: the first, with the stream's header, if nothing comes
/// `before` it, else one concatenable after `before`, which it may refer to.
fn compress_piece(
    before: &[u8],
    piece: &[u8],
    window: i32,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let first = before.is_empty();
    let params = BrotliEncoderParams {
        quality: QUALITY,
        lgwin: window,
        bare_stream: true,
        byte_align: true,
        appendable: true,
        catable: !first,
        use_dictionary: first,
        ..BrotliEncoderParams::default()
    };
    BrotliCompressCustomIoCustomDict(
        &mut IoReaderWrapper(&mut &piece[..]),
        &mut IoWriterWrapper(out),
        &mut [0; 4096],
        &mut [0; 4096],
        &params,
        StandardAlloc::default(),
        &mut |_, _, _, _| (),
        before,
        std::io::Error::from(std::io::ErrorKind::UnexpectedEof),
    )?;
    Ok(())
}

/// The bits of the smallest window, at least `LEAST_WINDOW_BITS`, that holds
/// a page of `len` bytes, so that any piece may refer back to its start.
fn window_bits(len: usize) -> std::io::Result<i32> {
    (LEAST_WINDOW_BITS..=MOST_WINDOW_BITS)
        .find(|&bits| (1usize << bits) - 16 >= len)
        .ok_or_else(|| std::io::Error::other("a page larger than brotli's window"))
}

/// The header of an uncompressed meta-block of `len` bytes, not the last,
/// padded to a byte: ISLAST 0, MNIBBLES 4 (coded 0), MLEN - 1 in 16 bits,
/// ISUNCOMPRESSED 1, then zeros (RFC 7932, section 9.2).
fn stored_header(len: usize) -> std::io::Result<[u8; 3]> {
    let mlen_minus_one = len
        .checked_sub(1)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|&n| n <= 0xffff)
        .ok_or_else(|| std::io::Error::other("a nonce that no uncompressed meta-block holds"))?;
    let bits = (mlen_minus_one << 3) | (1 << 19);
    let [a, b, c, _] = bits.to_le_bytes();
    Ok([a, b, c])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unbrotli(bytes: &[u8]) -> Vec<u8> {
        let mut plain = Vec::new();
        brotli::Decompressor::new(bytes, 4096)
            .read_to_end(&mut plain)
            .expect("a whole brotli stream");
        plain
    }

    #[test]
    fn the_piece_after_a_nonce_may_repeat_what_came_before_it() {
        // Text the piece after a nonce repeats from the piece before it, and
        // nonces side by side: a piece may be empty or a byte or two long.
        let nonce = "DDDDDDDDDDDDDDDDDDDDDD";
        let repeated = "<a href=\"/stores/1\">김밥천국</a>".repeat(20);
        let body = format!("{repeated}{nonce}{nonce}x{nonce}yz{nonce}{repeated}");
        let nonce_at: Vec<usize> = body.match_indices(nonce).map(|(at, _)| at).collect();
        let page = BrotliPage::new(body.as_bytes(), nonce.len(), &nonce_at).unwrap();
        let fresh = "EEEEEEEEEEEEEEEEEEEEEE";
        assert_eq!(
            unbrotli(&page.with_nonce(fresh.as_bytes())),
            body.replace(nonce, fresh).as_bytes()
        );
    }

    #[test]
    fn what_follows_a_nonce_is_compressed_against_what_came_before_it() {
        let nonce = "FFFFFFFFFFFFFFFFFFFFFF";
        let rows: String = (0..100)
            .map(|i| format!("<li>가게 {i} — 떡볶이 {}원</li>", i * 500))
            .collect();
        let alone = BrotliPage::new(rows.as_bytes(), nonce.len(), &[]).unwrap();
        let body = format!("{rows}<script nonce=\"{nonce}\">{rows}</script>");
        let nonce_at = [rows.len() + "<script nonce=\"".len()];
        let page = BrotliPage::new(body.as_bytes(), nonce.len(), &nonce_at).unwrap();
        assert!(
            page.bytes.len() < alone.bytes.len() * 3 / 2,
            "{} bytes for the page, {} for its rows alone",
            page.bytes.len(),
            alone.bytes.len()
        );
    }

    #[test]
    fn nothing_after_a_nonce_refers_to_the_nonce_it_replaces() {
        // Text after the nonce that repeats a part of it stays as it was
        // when the nonce changes.
        let nonce = "q8Zr2LmXv0TnBc4KdWy7Ha";
        let parts = [&nonce[..12], &nonce[5..], &nonce[10..20]];
        let body = format!(
            "<script nonce=\"{nonce}\">a</script><p>{}</p><p>{}</p><i>{}</i>",
            parts[0], parts[1], parts[2]
        );
        let page = BrotliPage::new(body.as_bytes(), nonce.len(), &[15]).unwrap();
        let fresh = "AAAAAAAAAAAAAAAAAAAAAA";
        let expected = body.replacen(nonce, fresh, 1);
        assert_eq!(
            unbrotli(&page.with_nonce(fresh.as_bytes())),
            expected.as_bytes()
        );
    }

    #[test]
    fn a_page_larger_than_the_least_window_is_whole() {
        // Text repeated from the page's start, more than 2^18 bytes before.
        let nonce = "GGGGGGGGGGGGGGGGGGGGGG";
        let start = "<header>배달 — 우리 동네 가게</header>";
        let filler: String = (0..30_000).map(|i| format!("{:x}", i * 7919)).collect();
        let body = format!("{start}{filler}{nonce}{filler}{start}");
        assert!(body.len() > 1 << 18);
        assert_eq!(window_bits(body.len()).unwrap(), 19);
        let at = body.find(nonce).unwrap();
        let page = BrotliPage::new(body.as_bytes(), nonce.len(), &[at]).unwrap();
        let fresh = "HHHHHHHHHHHHHHHHHHHHHH";
        assert_eq!(
            unbrotli(&page.with_nonce(fresh.as_bytes())),
            body.replace(nonce, fresh).as_bytes()
        );
        assert!(window_bits((1 << 24) - 16).is_ok());
        assert!(window_bits((1 << 24) - 15).is_err());
    }

    #[test]
    fn a_nonce_no_uncompressed_meta_block_holds_is_refused() {
        assert!(BrotliPage::new(b"abc", 0, &[1]).is_err());
        assert!(BrotliPage::new(&[b'a'; 70_000], 65_537, &[0]).is_err());
        assert!(stored_header(65_536).is_ok());
    }
}
