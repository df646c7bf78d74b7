//! Files the seeded customers and agents attached, made here so they are real: a photo of a
//! crushed parcel (a PNG drawn pixel by pixel and encoded by the `png` crate) on damaged-item
//! tickets, and an invoice (a one-page PDF written out by hand) on invoice threads. Kept in
//! the `files` table and served at `/attachments/token/{token}/` with the API's auth.

use rusqlite::{Connection, params};
use serde_json::{Value, json};

/// The photo's size in pixels: small, so a seeded day stays light.
const W: u32 = 96;
const H: u32 = 72;

/// A photo of a parcel with a crack across it, its shades moved a little by `seed`.
pub fn parcel_photo(seed: i64) -> Vec<u8> {
    let shade = u8::try_from(seed.rem_euclid(24)).unwrap_or(0);
    let mut rgb = Vec::with_capacity((W * H * 3) as usize);
    for y in 0..H {
        for x in 0..W {
            let in_box = (16..80).contains(&x) && (14..62).contains(&y);
            // the crack: a zigzag from the box's top left to its bottom right
            let along = (x as i32 - 16) * 48 / 64 + 14;
            let crack = in_box && (y as i32 - along + ((x as i32 / 6) % 2) * 3).abs() <= 1;
            let tape = in_box && (44..52).contains(&x);
            let px: [u8; 3] = if crack {
                [40, 28, 20]
            } else if tape {
                [214, 190, 140]
            } else if in_box {
                [176 - shade, 124 - shade / 2, 72]
            } else {
                [222, 226, 230 - shade]
            };
            rgb.extend_from_slice(&px);
        }
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, W, H);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    // writing into a Vec cannot fail; a failure leaves the photo empty rather than the seed
    if let Ok(mut w) = enc.write_header() {
        let _ = w.write_image_data(&rgb);
    }
    out
}

/// A one-page invoice for `order` as a PDF: header, xref table and trailer with the byte
/// offsets a reader checks.
pub fn invoice_pdf(order: &str, customer: &str) -> Vec<u8> {
    let clean = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_graphic() || *c == ' ')
            .filter(|c| !matches!(c, '(' | ')' | '\\'))
            .collect::<String>()
    };
    let text = format!(
        "BT /F1 18 Tf 56 760 Td (Northwind - Invoice {}) Tj 0 -28 Td /F1 11 Tf (Billed to {}) Tj 0 -18 Td (VAT included. Thank you for your order.) Tj ET",
        clean(order),
        clean(customer)
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    pdf
}

/// Stores a file and returns the attachment as a comment lists it, its address relative to
/// the sandbox (`wire::comment` puts the base in front).
pub fn store(conn: &Connection, name: &str, content_type: &str, bytes: &[u8], at: i64) -> rusqlite::Result<Value> {
    conn.execute(
        "INSERT INTO files(file_name, content_type, bytes, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, content_type, bytes, at],
    )?;
    let id = conn.last_insert_rowid();
    let token = format!("t{id:06}x{}", at.rem_euclid(1_000_000));
    conn.execute("UPDATE files SET token = ?1 WHERE id = ?2", params![token, id])?;
    let encoded: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
    Ok(json!({
        "id": id,
        "url": format!("/api/v2/attachments/{id}.json"),
        "file_name": name,
        "content_url": format!("/attachments/token/{token}/?name={encoded}"),
        "mapped_content_url": format!("/attachments/token/{token}/?name={encoded}"),
        "content_type": content_type,
        "size": bytes.len(),
        "width": Value::Null,
        "height": Value::Null,
        "inline": false,
        "deleted": false,
        "malware_access_override": false,
        "malware_scan_result": "malware_not_found",
        "thumbnails": [],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_photo_is_a_png_and_the_invoice_a_pdf() {
        let png = parcel_photo(7);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let info = decoder.read_info().expect("a PNG that decodes");
        assert_eq!((info.info().width, info.info().height), (W, H));
        let pdf = invoice_pdf("NW123456", "Ana (Lima)");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4") && text.trim_end().ends_with("%%EOF"));
        // the xref's first object offset points at "1 0 obj"
        let xref_at: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[xref_at..].starts_with("xref"));
        let first: usize = text[xref_at..].lines().nth(3).unwrap()[..10].parse().unwrap();
        assert!(text[first..].starts_with("1 0 obj"));
        assert!(text.contains("Billed to Ana Lima"), "no parentheses to break the string");
    }
}
