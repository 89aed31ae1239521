"""The Processing provider "lifecircle" and its algorithms (reach, coverage, site, compare,
isochrones, convert)."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from . import algorithms

ICON = os.path.join(os.path.dirname(__file__), "icons", "lifecircle.svg")


class LifecircleProvider(QgsProcessingProvider):
    def id(self):
        return "lifecircle"

    def name(self):
        return "lifecircle"

    def longName(self):  # noqa: N802
        return "lifecircle: 15-minute life circles (15分钟社区生活圈)"

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802
        return ICON

    def loadAlgorithms(self):  # noqa: N802
        for cls in algorithms.ALGORITHMS:
            self.addAlgorithm(cls())
