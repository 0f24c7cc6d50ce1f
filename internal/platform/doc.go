// Package platform is the elastic.io platform API client used by the sailor:
// step data, account key updates (updateKeys), startup-hook state, the
// service-mode result POST and the object storage ("maester") used for
// lightweight messages.
//
// Every call has a per-attempt deadline, reads responses through a size
// limit, and reports failures as *APIError values whose text never contains
// the API key, the object-storage token or URL credentials.
package platform
