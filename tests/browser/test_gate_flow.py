"""A visitor registers, the ticket arrives by real SMTP, its QR is shown to the gate phone's
camera (Chromium's fake capture from a Y4M file made here), the gate admits once and refuses twice."""
import re

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from fairapp.core.fairs import local_today
from tests.browser.conftest import CHROMIUM_ARGS, DESKTOP, LAUNCH_TIMEOUT_MS, TIMEOUT_MS
from tests.conftest import PASSWORD
from tests.visitors.conftest import fair  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

FRAME = (640, 480)
# Decoding the camera's frames and the 4 s pause before the same code counts again: on a busy
# machine both take longer; this bounds a hang only.
SCAN_TIMEOUT_MS = 60_000

# A result stays on the gate's screen for 1.5 s (3.5 s when refused) and the next scan replaces
# it; the test reads every result as it was shown from this record, not from the screen.
RECORD_RESULTS = """() => {
    window.gateResults = [];
    window.gateSent = 0;  // check-ins posted; each ends in exactly one result shown
    const send = window.fetch;
    window.fetch = function (url, options) {
        if (options && options.method === "POST") { window.gateSent += 1; }
        return send.apply(this, arguments);
    };
    const box = document.getElementById("gate-result");
    const text = (selector) => document.querySelector(selector).textContent;
    new MutationObserver(() => window.gateResults.push({
        result: box.dataset.result, className: box.className, name: text("#gate-result-name"),
        message: text("#gate-result-message"), count: text("[data-testid=gate-count]"),
    })).observe(box, {attributes: true, attributeFilter: ["data-result"]});
}"""


def nth_result(gate, number):
    """The gate's `number`th result (from 1), once it has been shown."""
    gate.wait_for_function("n => window.gateResults.length >= n", arg=number, timeout=SCAN_TIMEOUT_MS)
    return gate.evaluate("n => window.gateResults[n - 1]", number)


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
    visitor.get_by_role("heading", name="Vé của bạn đã sẵn sàng, Đặng Thị Hồng").wait_for()

    message = mailbox.wait_for(1)[0]
    assert message["Subject"].startswith("Vé tham dự")
    pdf = next(part for part in message.iter_attachments() if part.get_content_type() == "application/pdf")
    picture, code = qr_region_of_pdf(pdf.get_content())
    camera_file = tmp_path / "camera.y4m"
    write_y4m(camera_file, picture)

    gate_email = make_user("gate", name="Lý Văn Tâm")
    camera_browser = browser.browser_type.launch(
        executable_path="/usr/bin/chromium", headless=True, timeout=LAUNCH_TIMEOUT_MS,
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
        gate.evaluate(RECORD_RESULTS)
        gate.get_by_role("button", name="Bắt đầu quét").click()

        admitted = nth_result(gate, 1)
        assert (admitted["result"], admitted["name"], admitted["message"], admitted["count"]) == (
            "ok", "Đặng Thị Hồng", "Xin mời vào!", "1")
        assert "gate-ok" in admitted["className"]

        # The same QR stays in front of the camera: after the repeat pause it is scanned again.
        again = nth_result(gate, 2)
        assert again["result"] == "already_checked_in"
        assert "gate-refused" in again["className"]
        assert again["message"].startswith("Vé đã được dùng lúc")
        assert "Cổng 2" in again["message"]

        # A USB scanner types the code into the focused field and presses Enter: refused too.
        # The camera is covered first, so the next result can only come from the typed code, and
        # the screen is let go (the gate ignores a code while it shows a result).
        gate.evaluate("() => { document.getElementById('gate-video').srcObject = null; }")
        gate.wait_for_function("() => window.gateResults.length === window.gateSent"
                               " && document.getElementById('gate-result').hidden", timeout=SCAN_TIMEOUT_MS)
        shown = gate.evaluate("window.gateResults.length")
        gate.locator("#gate-code").fill(code)
        gate.locator("#gate-code").press("Enter")
        typed = nth_result(gate, shown + 1)
        assert typed["result"] == "already_checked_in" and "Cổng 2" in typed["message"]
        context.close()
    finally:
        camera_browser.close()
    console.assert_clean()
