//! A kept page compressed once with gzip, which still gets a fresh nonce on
//! every answer without being compressed again.
//!
//! The body is deflated in pieces, cut where the nonce stands; each piece
//! ends on a byte boundary (a sync flush), and each nonce goes between two
//! pieces as a stored, uncompressed block. An answer copies the compressed
//! page, writes the fresh nonce over the stored ones, and ends it with the
//! CRC-32 of the whole, combined from the pieces' own (RFC 1951, RFC 1952).

use std::io::Write;

use crc32fast::Hasher;
use flate2::write::DeflateEncoder;
use flate2::Compression;

/// A gzip member's header: deflate, no name, no time, from an unknown system.
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];

pub struct GzipPage {
    /// The header, the pieces and the stored nonces, and room for the trailer.
    bytes: Vec<u8>,
    /// Where each stored nonce starts in `bytes`.
    nonce_at: Vec<usize>,
    /// The CRC-32 of each piece, in order; one more than the nonces.
    pieces: Vec<Hasher>,
}

impl GzipPage {
    /// Compresses `body`, in which a nonce of `nonce_len` bytes stands at
    /// each of `nonce_at` (ascending, not overlapping).
    pub fn new(body: &[u8], nonce_len: usize, nonce_at: &[usize]) -> std::io::Result<Self> {
        let stored_len = u16::try_from(nonce_len)
            .map_err(|_| std::io::Error::other("a nonce longer than a stored block"))?;
        let mut bytes = HEADER.to_vec();
        let mut stored_at = Vec::with_capacity(nonce_at.len());
        let mut pieces = Vec::with_capacity(nonce_at.len() + 1);
        let mut start = 0;
        for &at in nonce_at {
            let piece = &body[start..at];
            let mut deflated = DeflateEncoder::new(Vec::new(), Compression::default());
            deflated.write_all(piece)?;
            deflated.flush()?;
            bytes.append(deflated.get_mut());
            pieces.push(crc_of(piece));
            // A stored block that is not the last: its three header bits,
            // padded to a byte, then the length and its complement.
            bytes.push(0);
            bytes.extend_from_slice(&stored_len.to_le_bytes());
            bytes.extend_from_slice(&(!stored_len).to_le_bytes());
            stored_at.push(bytes.len());
            bytes.extend_from_slice(&body[at..at + nonce_len]);
            start = at + nonce_len;
        }
        let last = &body[start..];
        let mut deflated = DeflateEncoder::new(Vec::new(), Compression::default());
        deflated.write_all(last)?;
        bytes.extend_from_slice(&deflated.finish()?);
        pieces.push(crc_of(last));
        bytes.extend_from_slice(&[0; 4]);
        // The length of the page modulo 2^32, the same whatever its nonce.
        bytes.extend_from_slice(&(body.len() as u32).to_le_bytes());
        Ok(Self {
            bytes,
            nonce_at: stored_at,
            pieces,
        })
    }

    /// The compressed page with `nonce` in place of the one it was made
    /// with, which must be as long.
    pub fn with_nonce(&self, nonce: &[u8]) -> Vec<u8> {
        let mut bytes = self.bytes.clone();
        let mut crc = self.pieces[0].clone();
        for (&at, piece) in self.nonce_at.iter().zip(&self.pieces[1..]) {
            bytes[at..at + nonce.len()].copy_from_slice(nonce);
            crc.combine(&crc_of(nonce));
            crc.combine(piece);
        }
        let trailer = bytes.len() - 8;
        bytes[trailer..trailer + 4].copy_from_slice(&crc.finalize().to_le_bytes());
        bytes
    }
}

fn crc_of(bytes: &[u8]) -> Hasher {
    let mut crc = Hasher::new();
    crc.update(bytes);
    crc
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut plain)
            .expect("a whole gzip member with a matching CRC-32 and length");
        plain
    }

    fn page_with(nonce: &str) -> String {
        let rows: String = (0..200)
            .map(|i| format!("<li>가게 {i} — 떡볶이, 김밥</li>"))
            .collect();
        format!("<script nonce=\"{nonce}\">a</script><ul>{rows}</ul><script nonce=\"{nonce}\">b</script>{nonce}")
    }

    #[test]
    fn every_answer_decompresses_to_the_page_with_its_own_nonce() {
        let (kept, fresh) = ("AAAAAAAAAAAAAAAAAAAAAA", "bW9yZSByYW5kb20gYnl0ZQ");
        let body = page_with(kept);
        let nonce_at: Vec<usize> = body.match_indices(kept).map(|(at, _)| at).collect();
        assert_eq!(nonce_at.len(), 3);
        let page = GzipPage::new(body.as_bytes(), kept.len(), &nonce_at).unwrap();
        assert_eq!(gunzip(&page.with_nonce(kept.as_bytes())), body.as_bytes());
        assert_eq!(
            gunzip(&page.with_nonce(fresh.as_bytes())),
            page_with(fresh).as_bytes()
        );
        assert!(page.bytes.len() < body.len() / 4, "it is compressed");
    }

    #[test]
    fn a_page_without_a_nonce_or_starting_with_one_is_whole() {
        let nonce = "CCCCCCCCCCCCCCCCCCCCCC";
        let body = format!("{nonce} and the rest");
        let page = GzipPage::new(body.as_bytes(), nonce.len(), &[0]).unwrap();
        assert_eq!(gunzip(&page.with_nonce(nonce.as_bytes())), body.as_bytes());
        let plain = GzipPage::new(b"no nonce here", nonce.len(), &[]).unwrap();
        assert_eq!(
            gunzip(&plain.with_nonce(nonce.as_bytes())),
            b"no nonce here"
        );
        let empty = GzipPage::new(b"", nonce.len(), &[]).unwrap();
        assert_eq!(gunzip(&empty.with_nonce(nonce.as_bytes())), b"");
    }
}
