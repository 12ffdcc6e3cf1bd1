"""A visitor registers, the ticket arrives by real SMTP, its QR is shown to the gate phone's
camera (Chromium's fake capture from a Y4M file made here), the gate admits once and refuses twice."""
import re

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from fairapp.core.fairs import local_today
from tests.browser.conftest import CHROMIUM_ARGS, DESKTOP, TIMEOUT_MS
from tests.conftest import PASSWORD
from tests.visitors.conftest import fair  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

FRAME = (640, 480)


def qr_region_of_pdf(pdf_bytes):
    """The ticket's first page rendered at 200 dpi, cropped around its QR code; and the code."""
    page = pypdfium2.PdfDocument(pdf_bytes)[0]
    image = page.render(scale=200 / 72).to_pil().convert("RGB")
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    corners = [found[0].position.top_left, found[0].position.top_right,
               found[0].position.bottom_left, found[0].position.bottom_right]
    xs, ys = [c.x for c in corners], [c.y for c in corners]
    margin = (max(xs) - min(xs)) // 6
    box = (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)
    return image.crop(box), found[0].text


def write_y4m(path, picture, frames=20):
    """A still camera picture: the QR centred on grey, as 4:2:0 Y4M frames."""
    frame = Image.new("RGB", FRAME, (120, 120, 120))
    side = FRAME[1] - 40
    frame.paste(picture.resize((side, side)), ((FRAME[0] - side) // 2, 20))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (FRAME[0] // 2, FRAME[1] // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{FRAME[0]} H{FRAME[1]} F30:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)


def test_register_receive_scan_with_camera_then_refused(new_page, browser, live_server, mailbox, make_user,
                                                       fair, tmp_path, console):  # noqa: F811
    visitor = new_page(locale="vi-VN")
    visitor.goto("/register")
    visitor.get_by_label("Họ và tên").fill("Đặng Thị Hồng")
    visitor.get_by_label("E-mail").fill("hong@example.vn")
    visitor.get_by_label(local_today().strftime("%d/%m/%Y")).check()
    visitor.get_by_label(re.compile("Tôi đồng ý")).check()
    visitor.get_by_role("button", name="Nhận vé").click()
    visitor.get_by_text("Cảm ơn bạn!").wait_for()

    message = mailbox.wait_for(1)[0]
    assert message["Subject"].startswith("Vé tham dự")
    pdf = next(part for part in message.iter_attachments() if part.get_content_type() == "application/pdf")
    picture, code = qr_region_of_pdf(pdf.get_content())
    camera_file = tmp_path / "camera.y4m"
    write_y4m(camera_file, picture)

    gate_email = make_user("gate", name="Lý Văn Tâm")
    camera_browser = browser.browser_type.launch(
        executable_path="/usr/bin/chromium", headless=True,
        args=CHROMIUM_ARGS + ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                              f"--use-file-for-fake-video-capture={camera_file}"])
    try:
        context = camera_browser.new_context(locale="vi-VN", viewport=DESKTOP, base_url=live_server,
                                             permissions=["camera"])
        context.set_default_timeout(TIMEOUT_MS)
        gate = context.new_page()
        console.attach(gate)
        gate.goto("/auth/login?next=/gate")
        gate.get_by_label("E-mail").fill(gate_email)
        gate.get_by_label("Mật khẩu").fill(PASSWORD)
        gate.get_by_role("button", name="Đăng nhập").click()
        gate.get_by_label("Bạn đang ở cổng nào?").select_option("Cổng 2")
        gate.get_by_role("button", name="Bắt đầu quét").click()

        result = gate.get_by_test_id("gate-result")
        result.and_(gate.locator("[data-result=ok]")).wait_for(timeout=15_000)
        assert "gate-ok" in result.get_attribute("class")
        assert gate.locator("#gate-result-name").inner_text() == "Đặng Thị Hồng"
        assert gate.locator("#gate-result-message").inner_text() == "Xin mời vào!"
        assert gate.get_by_test_id("gate-count").inner_text() == "1"

        # The same QR stays in front of the camera: after the repeat pause it is scanned again.
        result.and_(gate.locator("[data-result=already_checked_in]")).wait_for(timeout=15_000)
        assert "gate-refused" in result.get_attribute("class")
        assert gate.locator("#gate-result-message").inner_text().startswith("Vé đã được dùng lúc")
        assert "Cổng 2" in gate.locator("#gate-result-message").inner_text()

        # A USB scanner types the code into the focused field and presses Enter: refused too.
        result.click()
        gate.locator("#gate-code").fill(code)
        gate.locator("#gate-code").press("Enter")
        result.and_(gate.locator("[data-result=already_checked_in]")).wait_for()
        context.close()
    finally:
        camera_browser.close()
    console.assert_clean()
