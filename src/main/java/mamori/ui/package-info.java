/// The kiosk's screens, one package each (view + view model), and what they share: text bundles,
/// the task executor and the stylesheet. Screens call services; they never touch JDBC, FFmpeg or
/// serial ports, and view models never touch nodes or controls.
package mamori.ui;
