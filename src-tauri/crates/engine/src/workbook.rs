//! Plain-text tables as an Excel workbook: the backup log, the principal's report and restored
//! eSchool data are all handed to people who open them in Excel.

/// One sheet of plain text: its name, the bold header row, the rows.
pub type Table<'a, H> = (&'a str, &'a [H], &'a [Vec<String>]);

/// A workbook of plain text tables. Headers are fixed words (`&str`) or read from the data
/// (`String`).
pub fn xlsx_sheets<H: AsRef<str>>(
    sheets: &[Table<H>],
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (name, header, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name)?;
        for (c, h) in header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h.as_ref(), &bold)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r as u32 + 1, c as u16, v)?;
            }
        }
        sheet.autofit();
    }
    book.save_to_buffer()
}
