#!/bin/sh
# scenario: a terminal keeps an ID-card scan and a CSV export of citizen identity numbers
# role: terminal
# expect-fail: citizen_id_files
# verify: test -f "$(getent passwd "$LAB_USER" | cut -d: -f6)/Downloads/CCCD_mat_truoc.jpg"
# The numbers are synthetic: valid CCCD structure (province 001/079, century digit), no person.
home=$(getent passwd "$LAB_USER" | cut -d: -f6)
group=$(id -gn "$LAB_USER")
mkdir -p "$home/Downloads" "$home/Documents"
printf '\377\330\377\340 not really a photo\n' > "$home/Downloads/CCCD_mat_truoc.jpg"
cat > "$home/Documents/danh_sach_tiep_nhan.csv" <<'CSV'
STT,Ho ten,So CCCD,Ngay tiep nhan
1,Nguyen Van Thu,001099000001,2026-03-02
2,Tran Thi Mau,079301000002,2026-03-02
CSV
chown -R "$LAB_USER:$group" "$home/Downloads" "$home/Documents"
