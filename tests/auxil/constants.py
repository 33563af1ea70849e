"""Constants the tests share: the ward's time zone, the fixed start time, the people."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram_emulator import ChatUser

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# The `clock` fixture's time: Monday 2 June 2025, 09:00 in Hà Nội, a working day inside the
# shipped plan's period.
MONDAY = datetime(2025, 6, 2, 9, 0, tzinfo=VN)

CITIZEN = ChatUser(id=1001, first_name="Trần Thị", last_name="Bình")
CITIZEN_2 = ChatUser(id=1002, first_name="Lê Văn", last_name="Cường")
OFFICIAL_TP = ChatUser(id=2001, first_name="Phạm", last_name="Tư Pháp")
OFFICIAL_VP = ChatUser(id=2002, first_name="Hoàng", last_name="Văn Phòng")
OFFICIAL_VHXH = ChatUser(id=2003, first_name="Đỗ", last_name="Văn Hóa")
LEADER = ChatUser(id=3001, first_name="Chủ tịch", last_name="Phường")
ADMIN = ChatUser(id=9001, first_name="Quản trị", last_name="Viên")  # in the settings' admin_ids
