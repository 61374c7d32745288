/// Exports: footage leaving the building. A request, a second person's approval, the production
/// of a signed and encrypted package, its copy to approved media, and its deletion on schedule;
/// every step an audit entry before it happens.
package mamori.export;
