/// The home screen: the cameras the logged-in person may see.
package mamori.ui.home;
