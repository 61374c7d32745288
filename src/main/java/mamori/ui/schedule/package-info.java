/// The administrators' viewing-hours screen: weekly windows and exception dates per role or person, saved through `schedule.ViewingHoursAdministration` (audited); no JDBC here.
package mamori.ui.schedule;
