/// The administrators' camera-rights screen: the grants held, given and taken back (audited).
package mamori.ui.rights;
