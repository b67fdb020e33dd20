"""The Qt desktop window. The only package that imports Qt."""
