"""lifecircle's QGIS plugin: a Processing provider (id "lifecircle") whose algorithms call the
lifecircle engine in-process through its Python module (docs/qgis.md)."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import LifecirclePlugin
    return LifecirclePlugin(iface)
