/// The first-run screen that makes the demo recordings with a progress bar.
package mamori.ui.setup;
