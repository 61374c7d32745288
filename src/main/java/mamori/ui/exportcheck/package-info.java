/// The screen that checks an export package brought back to the terminal (decision 0034).
package mamori.ui.exportcheck;
