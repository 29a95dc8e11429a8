//! The command-line grammar, with every word a user reads in Vietnamese.

use clap::{Arg, ArgAction, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Sao lưu Trường học – sao lưu trang web và dữ liệu eSchool của nhà trường ra ổ rời.
#[derive(Parser, Debug)]
#[command(name = "saoluu", version)]
pub struct Cli {
    /// Thư mục lưu cài đặt và nhật ký của ứng dụng (mặc định: thư mục dữ liệu ứng dụng của hệ điều hành)
    #[arg(long, global = true, env = saoluu_engine::knobs::DATA_DIR, value_name = "THƯ_MỤC")]
    pub data_dir: Option<PathBuf>,
    /// In kết quả dạng JSON cho máy đọc
    #[arg(long, global = true)]
    pub json: bool,
    /// Tệp chứa mật khẩu mã hoá (cho lịch chạy tự động; cũng có thể dùng biến môi trường SAOLUU_PASSPHRASE)
    #[arg(long, global = true, value_name = "TỆP")]
    pub passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process: the size of the settings variant costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Liệt kê các ổ đĩa đang cắm vào máy và cho biết ổ nào là ổ sao lưu
    Drives {
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Quản lý ổ sao lưu
    Drive {
        #[command(subcommand)]
        action: DriveAction,
    },
    /// Sao lưu: không ghi tên nguồn thì sao lưu mọi nguồn đã cài đặt
    Backup {
        /// Ổ hoặc thư mục sao lưu đã đăng ký (mặc định: ổ sao lưu duy nhất đang cắm)
        #[arg(long, value_name = "Ổ_SAO_LƯU")]
        to: Option<PathBuf>,
        #[command(subcommand)]
        what: Option<BackupWhat>,
    },
    /// Kiểm tra lại bản sao lưu: một tệp .zip, một lần sao lưu, hoặc cả ổ sao lưu
    Verify {
        /// Tệp .zip, thư mục lần sao lưu, hoặc ổ sao lưu
        #[arg(value_name = "ĐƯỜNG_DẪN")]
        path: PathBuf,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Xem nhật ký sao lưu
    Log {
        /// In dạng JSON
        #[arg(long)]
        json: bool,
        /// Xuất nhật ký ra tệp .xlsx hoặc .csv (mở được bằng Excel)
        #[arg(long, value_name = "TỆP")]
        export: Option<PathBuf>,
        /// Chỉ xem một loại nguồn: website, folder, eschool
        #[arg(long, value_name = "LOẠI")]
        source: Option<String>,
        /// Số dòng tối đa
        #[arg(long, value_name = "SỐ")]
        limit: Option<u32>,
    },
    /// Khôi phục dữ liệu từ một lần sao lưu hoặc một tệp .zip vào thư mục mới
    Restore {
        /// Thư mục lần sao lưu hoặc tệp .zip (với --offsite: tên lần sao lưu trong kho, ví dụ 2026-11-25_090000)
        #[arg(value_name = "BẢN_SAO_LƯU")]
        from: PathBuf,
        /// Lấy lần sao lưu từ kho lưu trữ ngoài trường
        #[arg(long)]
        offsite: bool,
        /// Thư mục nhận dữ liệu khôi phục
        #[arg(long, value_name = "THƯ_MỤC")]
        to: PathBuf,
        /// Chỉ khôi phục tệp khớp mẫu (ví dụ "Hồ sơ/*.xlsx")
        #[arg(long, value_name = "MẪU")]
        only: Option<String>,
        /// Cho phép ghi đè tệp đã có
        #[arg(long)]
        overwrite: bool,
        /// Chỉ khôi phục một nguồn của lần sao lưu (tên tệp zip không có .zip, ví dụ trang-web)
        #[arg(long, value_name = "NGUỒN")]
        nguon: Option<String>,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Các lần sao lưu trên một ổ, theo từng nguồn, mới nhất trước (đọc từ ổ, không cần nhật ký trên máy)
    Runs {
        /// Ổ hoặc thư mục sao lưu
        #[arg(value_name = "Ổ_SAO_LƯU", required_unless_present = "offsite")]
        target: Option<PathBuf>,
        /// Các lần sao lưu trong kho lưu trữ ngoài trường
        #[arg(long, conflicts_with = "target")]
        offsite: bool,
        /// Chỉ các lần sao lưu trong ngày này (dd/mm/yyyy)
        #[arg(long, value_name = "NGÀY", value_parser = parse_date)]
        ngay: Option<chrono::NaiveDate>,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Tìm một tệp theo tên trong mọi lần sao lưu trên ổ (không phân biệt hoa thường, có dấu hay không)
    Find {
        /// Ổ hoặc thư mục sao lưu (với --offsite: bỏ qua, chỉ ghi tên)
        #[arg(value_name = "Ổ_SAO_LƯU")]
        target: Option<PathBuf>,
        /// Tên hoặc một phần tên tệp
        #[arg(value_name = "TÊN", required_unless_present = "offsite")]
        name: Option<String>,
        /// Tìm trong các lần sao lưu ở kho lưu trữ ngoài trường: saoluu find --offsite TÊN
        #[arg(long)]
        offsite: bool,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Kiểm tra khôi phục: khôi phục thử bản mới nhất của mỗi nguồn vào thư mục tạm, kiểm tra từng tệp, đọc lại, rồi xoá
    Drill {
        /// Ổ sao lưu (mặc định: ổ sao lưu duy nhất đang cắm)
        #[arg(long, value_name = "Ổ_SAO_LƯU")]
        to: Option<PathBuf>,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Kế hoạch khôi phục: trang in được, lập từ tình trạng thực, ghi ra tệp và lên ổ sao lưu đang cắm
    Plan {
        /// Tệp để in: .html mở bằng trình duyệt, .pdf in ngay (mặc định: trong thư mục Tài liệu)
        #[arg(long, value_name = "TỆP.html|TỆP.pdf")]
        out: Option<PathBuf>,
        /// Lập tệp PDF (khi không ghi --out)
        #[arg(long)]
        pdf: bool,
    },
    /// Dựng lại trang web từ bản sao lưu đã khôi phục lên một trang WordPress (trang cũ sau sự cố, hoặc trang mới): tệp và ảnh, chuyên mục, thẻ, trang, bài viết; chạy lại an toàn (mật khẩu ứng dụng được hỏi khi chạy, không lưu)
    Republish {
        /// Thư mục trang web đã khôi phục (chứa wordpress/ hoặc bai-viet/)
        #[arg(value_name = "THƯ_MỤC")]
        dir: PathBuf,
        /// Địa chỉ trang WordPress cần dựng lại
        #[arg(long, value_name = "ĐỊA_CHỈ")]
        den: String,
        /// Tên người dùng WordPress
        #[arg(long, value_name = "TÊN")]
        nguoi_dung: String,
        /// Ghi tên bài viết và trang cho người dùng này của trang mới (mặc định: người đăng nhập)
        #[arg(long, value_name = "TÊN")]
        tac_gia: Option<String>,
        /// Chạy thử: chỉ liệt kê những gì sẽ được tạo, không tạo gì
        #[arg(long)]
        thu: bool,
        /// Vẫn gửi mật khẩu qua http:// không mã hoá tới trang không phải máy này (không nên)
        #[arg(long)]
        cho_phep_http: bool,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Báo cáo thực hiện cho Hiệu trưởng: từng tuần, eSchool, trang web, kiểm tra khôi phục, đổi mật khẩu, sự cố
    Report {
        /// Từ ngày (dd/mm/yyyy)
        #[arg(long, value_name = "NGÀY", value_parser = parse_date)]
        from: chrono::NaiveDate,
        /// Đến ngày (dd/mm/yyyy)
        #[arg(long, value_name = "NGÀY", value_parser = parse_date)]
        to: chrono::NaiveDate,
        /// Tệp .pdf, .html (để in) hoặc .xlsx (Excel); mặc định: tệp PDF trong thư mục Tài liệu
        #[arg(long, value_name = "TỆP")]
        out: Option<PathBuf>,
    },
    /// An toàn tài khoản quản trị eSchool và trang web: việc cần làm, và nhắc đổi mật khẩu định kỳ
    MatKhauQuanTri {
        /// Xác nhận: hôm nay tôi đã đổi mật khẩu quản trị (ứng dụng không hỏi và không lưu mật khẩu)
        #[arg(long)]
        da_doi: bool,
        /// Nhắc đổi lại sau bao nhiêu ngày (mặc định 90)
        #[arg(long, value_name = "NGÀY")]
        nhac_sau: Option<u32>,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Kiểm tra trang web theo quy định: chân trang đủ thông tin, không đăng lại bài báo chí
    CheckSite {
        /// Địa chỉ trang web (mặc định: trang web trong cài đặt)
        #[arg(value_name = "ĐỊA_CHỈ")]
        url: Option<String>,
        /// Số bài viết trên trang chủ được đọc để tìm bài lấy lại từ báo chí
        #[arg(long, default_value_t = 10, value_name = "SỐ")]
        bai_viet: usize,
        /// Trang web do trường quản lý: không giãn cách yêu cầu
        #[arg(long)]
        nhanh: bool,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Chứng chỉ bảo mật (HTTPS) của trang web trường: xem, chấp nhận một chứng chỉ chưa hợp lệ, hoặc bỏ lựa chọn đó
    ChungChi {
        /// Chấp nhận chứng chỉ trang web đang dùng, nếu đúng dấu vân tay SHA-256 này (xem bằng lệnh không có tuỳ chọn)
        #[arg(long, value_name = "VÂN_TAY", conflicts_with = "bo")]
        chap_nhan: Option<String>,
        /// Bỏ chứng chỉ đã chấp nhận trước đây
        #[arg(long)]
        bo: bool,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Tình trạng: ổ sao lưu đang cắm, lần sao lưu gần nhất, hạn sao lưu tuần này
    Status {
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Xem hoặc sửa cài đặt của trường
    Config {
        #[command(flatten)]
        change: ConfigArgs,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Xoá các bản sao lưu cũ theo chính sách giữ lại (mọi lần trong 8 tuần, mỗi tháng một lần trong 12 tháng)
    Prune {
        /// Ổ sao lưu đã đăng ký (mặc định: ổ sao lưu duy nhất đang cắm)
        #[arg(long, value_name = "Ổ_SAO_LƯU")]
        to: Option<PathBuf>,
        /// Chỉ cho biết sẽ xoá gì, không xoá
        #[arg(long)]
        dry_run: bool,
    },
    /// Mật khẩu mã hoá và Phiếu khôi phục
    Passphrase {
        #[command(subcommand)]
        action: PassphraseAction,
    },
    /// Bản sao ngoài trường: kho lưu trữ của Phòng/Sở (S3) hoặc thư mục WebDAV (NAS, Nextcloud)
    Offsite {
        #[command(subcommand)]
        action: OffsiteAction,
    },
    /// Phòng Giáo dục: tình trạng thực hiện chỉ thị của mọi trường, đọc từ kho bằng khoá chỉ đọc của Phòng
    District {
        #[command(subcommand)]
        action: Option<DistrictAction>,
        /// Chỉ các trường của một cấp học: mam-non, tieu-hoc, thcs
        #[arg(long, value_name = "CẤP")]
        cap_hoc: Option<String>,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Chạy thử với trường trình diễn: sao lưu trang web mẫu và dữ liệu eSchool mẫu
    Demo {
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args, Debug)]
pub struct ConfigArgs {
    /// Tên trường
    #[arg(long, value_name = "TÊN")]
    pub school: Option<String>,
    /// Địa chỉ trang web của trường
    #[arg(long, value_name = "ĐỊA_CHỈ")]
    pub website: Option<String>,
    /// Thêm một thư mục cần sao lưu
    #[arg(long, value_name = "THƯ_MỤC")]
    pub add_folder: Vec<PathBuf>,
    /// Trang web do trường quản lý: sao lưu nhanh, không giãn cách yêu cầu (có/không)
    #[arg(long, value_name = "CÓ_KHÔNG", value_parser = parse_yes_no)]
    pub trang_web_nhanh: Option<bool>,
    /// Số địa chỉ (trang và tệp) tối đa của một lần sao lưu trang web
    #[arg(long, value_name = "SỐ")]
    pub toi_da_dia_chi: Option<usize>,
    /// Số tầng liên kết tối đa tính từ trang chủ
    #[arg(long, value_name = "SỐ")]
    pub toi_da_tang: Option<u32>,
    /// Dung lượng tối đa của một tệp tải về (MB)
    #[arg(long, value_name = "MB")]
    pub toi_da_tep_mb: Option<u64>,
    /// Tổng dung lượng tối đa của một lần sao lưu trang web (GB)
    #[arg(long, value_name = "GB")]
    pub toi_da_tong_gb: Option<u64>,
    /// Địa chỉ đăng nhập eSchool của trường (ứng dụng không hỏi và không lưu mật khẩu eSchool)
    #[arg(long, value_name = "ĐỊA_CHỈ")]
    pub eschool: Option<String>,
    /// Các phần eSchool trường sao lưu, cách nhau bởi dấu phẩy: truong,giao-vien,hoc-sinh
    #[arg(long, value_name = "PHẦN", value_delimiter = ',', value_parser = parse_section)]
    pub phan_he: Option<Vec<saoluu_engine::eschool::Section>>,
    /// Hệ thống hồ sơ trường dùng: eschool, vnedu, smas, csdl-nganh, misa-emis, k12online, khac
    #[arg(long, value_name = "HỆ_THỐNG", value_parser = parse_system)]
    pub he_thong: Option<saoluu_engine::eschool::System>,
    /// Ngày sao lưu hằng tuần: thu-hai … chu-nhat, hoặc bat-ky (7 ngày sau lần trước)
    #[arg(long, value_name = "NGÀY")]
    pub ngay_sao_luu: Option<String>,
    /// Kiểm tra khôi phục sau mỗi bao nhiêu ngày (mặc định 30)
    #[arg(long, value_name = "NGÀY")]
    pub kiem_tra_khoi_phuc_sau: Option<u32>,
    /// Người phụ trách sao lưu (ghi trên Kế hoạch khôi phục)
    #[arg(long, value_name = "HỌ_TÊN")]
    pub nguoi_phu_trach: Option<String>,
    /// Nơi cất ổ sao lưu (ví dụ "tủ hồ sơ phòng Hiệu trưởng")
    #[arg(long, value_name = "NƠI")]
    pub noi_cat_o: Option<String>,
    /// Nơi cất Phiếu khôi phục
    #[arg(long, value_name = "NƠI")]
    pub noi_cat_phieu: Option<String>,
    /// Cơ quan chủ quản (ví dụ "Phòng GD&ĐT quận Hoàn Kiếm")
    #[arg(long, value_name = "TÊN")]
    pub co_quan_chu_quan: Option<String>,
    /// Cấp học: mam-non, tieu-hoc, thcs, lien-cap
    #[arg(long, value_name = "CẤP")]
    pub cap_hoc: Option<String>,
    /// Ứng dụng tự chạy khi đăng nhập máy (có/không)
    #[arg(long, value_name = "CÓ_KHÔNG", value_parser = parse_yes_no)]
    pub tu_khoi_dong: Option<bool>,
    /// Khi cắm ổ sao lưu đến hạn: tự bắt đầu sau bấy nhiêu giây (0 = chờ người bấm, mặc định)
    #[arg(long, value_name = "GIÂY")]
    pub dem_nguoc: Option<u32>,
    /// Bỏ một ổ/thư mục sao lưu đã đăng ký khỏi danh sách (dữ liệu trên ổ vẫn giữ nguyên)
    #[arg(long, value_name = "ĐƯỜNG_DẪN")]
    pub quen_o: Option<PathBuf>,
    /// Giữ mọi lần sao lưu trong bấy nhiêu tuần gần nhất (mặc định 8)
    #[arg(long, value_name = "TUẦN")]
    pub giu_tuan: Option<u32>,
    /// Giữ mỗi tháng một lần trong bấy nhiêu tháng (mặc định 12)
    #[arg(long, value_name = "THÁNG")]
    pub giu_thang: Option<u32>,
}

impl ConfigArgs {
    pub fn into_change(self) -> saoluu_engine::config::Change {
        saoluu_engine::config::Change {
            school_name: self.school,
            website: self.website,
            add_folders: self.add_folder,
            website_fast: self.trang_web_nhanh,
            max_urls: self.toi_da_dia_chi,
            max_depth: self.toi_da_tang,
            max_file_mb: self.toi_da_tep_mb,
            max_total_gb: self.toi_da_tong_gb,
            eschool_url: self.eschool,
            eschool_sections: self.phan_he,
            eschool_system: self.he_thong,
            backup_day: self.ngay_sao_luu,
            password_every_days: None,
            drill_every_days: self.kiem_tra_khoi_phuc_sau,
            responsible: self.nguoi_phu_trach,
            drives_kept_at: self.noi_cat_o,
            sheet_kept_at: self.noi_cat_phieu,
            governing_body: self.co_quan_chu_quan,
            school_level: self.cap_hoc,
            autostart: self.tu_khoi_dong,
            plug_countdown_secs: self.dem_nguoc,
            forget_target: self.quen_o,
            retention_weeks: self.giu_tuan,
            retention_months: self.giu_thang,
            remove_folder: None,
        }
    }
}

fn parse_section(s: &str) -> Result<saoluu_engine::eschool::Section, String> {
    saoluu_engine::eschool::Section::parse(s)
        .ok_or_else(|| format!("“{s}” không phải truong, giao-vien hoặc hoc-sinh"))
}

#[derive(Subcommand, Debug)]
pub enum DriveAction {
    /// Đăng ký một ổ (hoặc thư mục) làm ổ sao lưu
    Init {
        /// Ổ đĩa (ví dụ E:\) hoặc thư mục dùng để chứa bản sao lưu
        #[arg(value_name = "ĐƯỜNG_DẪN")]
        path: PathBuf,
        /// Tên trường ghi trên ổ
        #[arg(long, value_name = "TÊN")]
        school: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum OffsiteAction {
    /// Đặt kho lưu trữ ngoài trường; khoá bí mật lấy từ SAOLUU_OFFSITE_SECRET hoặc được gõ (ẩn), giữ trong kho khoá của máy
    Set {
        /// s3://BUCKET/MÃ-TRƯỜNG?endpoint=https://MÁY-CHỦ:CỔNG[&region=R] hoặc webdav+https://MÁY-CHỦ/THƯ-MỤC
        #[arg(value_name = "ĐỊA_CHỈ")]
        url: String,
        /// Mã khoá truy cập do Phòng/Sở cấp
        #[arg(long, value_name = "MÃ")]
        key_id: String,
        /// Tốc độ gửi trung bình tối đa, KB/giây (0: không giới hạn; bỏ trống: tự động, một nửa tốc độ mạng đo được)
        #[arg(long, value_name = "KB/GIÂY")]
        gioi_han: Option<u32>,
    },
    /// Kho đang dùng và lần gần nhất đã gửi, đã kiểm tra
    Show {
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Đặt kho từ tệp cài đặt do Phòng Giáo dục lập cho trường; khoá bí mật được giữ trong kho khoá của máy
    Import {
        #[arg(value_name = "TỆP")]
        file: PathBuf,
        /// Tốc độ gửi trung bình tối đa, KB/giây (0: không giới hạn; bỏ trống: tự động)
        #[arg(long, value_name = "KB/GIÂY")]
        gioi_han: Option<u32>,
    },
    /// Ghi ngay tình trạng của trường cho Phòng Giáo dục vào kho (việc này cũng tự làm sau mỗi lần gửi)
    Report {
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Gửi mọi lần sao lưu đã kiểm tra trên ổ mà kho chưa có; gửi tiếp phần bị ngắt; kiểm tra từng tệp trong kho
    Push {
        /// Ổ sao lưu (mặc định: ổ sao lưu duy nhất đang cắm)
        #[arg(long, value_name = "Ổ_SAO_LƯU")]
        from: Option<PathBuf>,
        /// In dạng JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum DistrictAction {
    /// Đặt kho của Phòng (gốc kho: s3://BUCKET/?endpoint=…), khoá chỉ đọc của Phòng (khoá bí mật lấy từ SAOLUU_DISTRICT_SECRET hoặc được gõ ẩn) và các trường Phòng quản lý
    Set {
        #[arg(value_name = "ĐỊA_CHỈ")]
        url: String,
        /// Mã khoá chỉ đọc của Phòng
        #[arg(long, value_name = "MÃ")]
        key_id: String,
        /// Mã các trường (tên thư mục của trường trong kho), cách nhau bởi dấu phẩy
        #[arg(
            long,
            value_name = "MÃ,MÃ…",
            required_unless_present = "danh_sach",
            conflicts_with = "danh_sach"
        )]
        truong: Option<String>,
        /// Tệp danh sách trường (.xlsx, .xls, .ods, .csv): cột “Mã trường”, “Tên trường”, “Cấp học” (không có dòng tiêu đề thì theo thứ tự mã, tên, cấp học)
        #[arg(long, value_name = "TỆP")]
        danh_sach: Option<PathBuf>,
    },
    /// Lập tệp cài đặt kho cho một trường (địa chỉ, mã khoá, khoá bí mật của trường — khoá bí mật lấy từ SAOLUU_OFFSITE_SECRET hoặc được gõ ẩn); trường nhập bằng saoluu offsite import
    SchoolFile {
        /// Mã trường (tên thư mục của trường trong kho)
        #[arg(long, value_name = "MÃ")]
        truong: String,
        /// Mã khoá của trường
        #[arg(long, value_name = "MÃ")]
        key_id: String,
        /// Tệp cài đặt sẽ ghi
        #[arg(long, value_name = "TỆP")]
        out: PathBuf,
    },
    /// Báo cáo tình trạng các trường theo từng tuần, để gửi Sở: tệp .pdf hoặc .xlsx
    Report {
        /// Từ ngày (dd/mm/yyyy)
        #[arg(long, value_name = "NGÀY", value_parser = parse_date)]
        from: chrono::NaiveDate,
        /// Đến ngày (dd/mm/yyyy)
        #[arg(long, value_name = "NGÀY", value_parser = parse_date)]
        to: chrono::NaiveDate,
        /// Tệp báo cáo: .pdf hoặc .xlsx
        #[arg(long, value_name = "TỆP")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum PassphraseAction {
    /// Đặt mật khẩu mã hoá cho máy này (lấy từ --passphrase-file, SAOLUU_PASSPHRASE, hoặc tự tạo) và lưu vào kho khoá
    Set {
        /// Để ứng dụng tạo một mật khẩu mạnh
        #[arg(long)]
        generate: bool,
        /// Ghi Phiếu khôi phục (trang HTML để in) ra tệp này
        #[arg(long, value_name = "TỆP.html")]
        sheet: Option<PathBuf>,
    },
    /// In lại Phiếu khôi phục với mật khẩu hiện tại
    Sheet {
        /// Tệp HTML để in
        #[arg(long, value_name = "TỆP.html")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum BackupWhat {
    /// Sao lưu một thư mục
    Folder {
        /// Thư mục cần sao lưu
        #[arg(value_name = "THƯ_MỤC")]
        dir: PathBuf,
        /// Ổ sao lưu đã đăng ký
        #[arg(long, value_name = "Ổ_SAO_LƯU")]
        to: Option<PathBuf>,
        /// Mã hoá AES-256 (dùng cho dữ liệu cá nhân)
        #[arg(long)]
        encrypt: bool,
    },
    /// Sao lưu dữ liệu eSchool đã xuất ra tệp (luôn mã hoá vì có thông tin cá nhân)
    Eschool {
        /// Ổ sao lưu đã đăng ký
        #[arg(long, value_name = "Ổ_SAO_LƯU")]
        to: Option<PathBuf>,
        /// Tệp hồ sơ trường (.xls, .xlsx, .ods, .csv, .zip); có thể ghi nhiều lần
        #[arg(long, value_name = "TỆP", num_args = 1..)]
        truong: Vec<PathBuf>,
        /// Tệp hồ sơ giáo viên
        #[arg(long, value_name = "TỆP", num_args = 1..)]
        giao_vien: Vec<PathBuf>,
        /// Tệp hồ sơ học sinh (ví dụ mỗi lớp một tệp)
        #[arg(long, value_name = "TỆP", num_args = 1..)]
        hoc_sinh: Vec<PathBuf>,
        /// Đồng ý lưu cả khi có cảnh báo (ví dụ số học sinh giảm mạnh), không hỏi lại
        #[arg(long)]
        yes: bool,
        /// Hướng dẫn xuất từng phần trong eSchool rồi chờ tệp mới trong thư mục Tải xuống, cho các phần chưa ghi tệp
        #[arg(long)]
        cho_tai_ve: bool,
        /// Thư mục trình duyệt lưu tệp tải về (mặc định: Tải xuống/Downloads)
        #[arg(long, value_name = "THƯ_MỤC")]
        thu_muc_tai_ve: Option<PathBuf>,
        /// Chờ mỗi phần tối đa bao nhiêu phút (mặc định 15)
        #[arg(long, value_name = "PHÚT", default_value_t = 15.0)]
        cho_toi_da: f64,
    },
    /// Sao lưu trang web của trường
    Website {
        /// Địa chỉ trang web, ví dụ https://thhoasen.edu.vn
        #[arg(value_name = "ĐỊA_CHỈ")]
        url: String,
        /// Trang web do trường quản lý: chạy nhanh, không giãn cách yêu cầu
        #[arg(long)]
        nhanh: bool,
        /// Ổ sao lưu đã đăng ký
        #[arg(long, value_name = "Ổ_SAO_LƯU")]
        to: Option<PathBuf>,
    },
}

/// A date as people write it: dd/mm/yyyy (or yyyy-mm-dd).
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    saoluu_engine::day::parse(s).map_err(|e| saoluu_engine::message::error(&e))
}

fn parse_system(s: &str) -> Result<saoluu_engine::eschool::System, String> {
    saoluu_engine::eschool::System::parse(s).ok_or_else(|| {
        format!("“{s}” không phải hệ thống hồ sơ ứng dụng biết: eschool, vnedu, smas, csdl-nganh, misa-emis, k12online, khac")
    })
}

/// "có"/"không" (also with no diacritics, or yes/no, true/false).
fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_lowercase().as_str() {
        "có" | "co" | "yes" | "true" | "1" => Ok(true),
        "không" | "khong" | "no" | "false" | "0" => Ok(false),
        _ => Err(format!("“{s}” không phải “có” hoặc “không”")),
    }
}

const TEMPLATE: &str = "{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// Replaces clap's English headings and help/version flags with Vietnamese ones, on every command.
pub fn localized(cmd: clap::Command) -> clap::Command {
    let cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "Tham số"
            } else {
                "Tùy chọn"
            };
            a.help_heading(heading)
        })
        .next_help_heading("Tùy chọn")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In hướng dẫn này"),
        );
    let cmd = if cmd.get_name() == "saoluu" {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In phiên bản"),
        )
    } else {
        cmd
    };
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names
        .into_iter()
        .fold(cmd, |c, n| c.mut_subcommand(n, localized))
}

/// clap's own parse errors are English; say in Vietnamese what is wrong, then show its detail.
pub fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("Lệnh chưa đúng. Gõ “saoluu --help” để xem cách dùng.\n");
            let _ = e.print();
            ExitCode::from(2)
        }
    }
}
