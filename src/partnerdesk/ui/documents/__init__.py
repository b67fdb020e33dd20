"""The documents' part of the window: MoU and project-sheet actions, their options
dialog, and the PDF preview (Qt's PDF viewer) with save, open and print."""
