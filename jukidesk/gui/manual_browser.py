"""The manual's text browser: screenshots wider than ``DISPLAY_WIDTH`` are shown smoothly
scaled (QTextDocument would scale them pixel by pixel, which makes text unreadable), and a
click on a screenshot (``<a href="images/x.png"><img …></a>``) shows it at full size; 戻る
returns to the text."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser

DISPLAY_WIDTH = 800
FULL_SCHEME = "fullsize"  # an image URL with this scheme (instead of file:) is shown unscaled
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


class ManualBrowser(QTextBrowser):
    def loadResource(self, kind: int, url: QUrl):
        resolved = self.source().resolved(url) if url.isRelative() else url
        is_image = resolved.path().lower().endswith(IMAGE_SUFFIXES)
        if _is(kind, QTextDocument.ResourceType.ImageResource):
            full_size = resolved.scheme() == FULL_SCHEME
            if full_size:
                resolved = QUrl(resolved)
                resolved.setScheme("file")
            image = QImage(resolved.toLocalFile()) if resolved.isLocalFile() else QImage()
            if not image.isNull():
                if not full_size and image.width() > DISPLAY_WIDTH:
                    image = image.scaledToWidth(DISPLAY_WIDTH, Qt.TransformationMode.SmoothTransformation)
                return image
        elif is_image:  # a click on a screenshot: a page showing it at full size
            full = QUrl(resolved)
            full.setScheme(FULL_SCHEME)
            return (
                "<p>画面の写真（実寸）。「戻る」（Alt+B）で説明に戻ります。</p>"
                f"<img src='{full.toString()}'>"
            )
        return super().loadResource(kind, url)


def _is(kind, resource_type) -> bool:
    return kind == resource_type or kind == getattr(resource_type, "value", resource_type)
