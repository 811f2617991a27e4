/// A stored run as the pages show it: the API's run shape (``RunJSON``), same field names. Built only by
/// ``PageAccess`` after the tenancy check, so holding one means the caller may see it.
typealias PageRun = RunJSON
