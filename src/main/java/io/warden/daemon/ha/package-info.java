/**
 * High availability of the watch daemon through Kafka itself: instances of one {@code ha.group}
 * share the watched clusters as one consumer group on a state topic (partition i is cluster i),
 * keep what each cluster's owner knows in that compacted topic, and write it in transactions
 * fenced by the group's generation before any notification or healing action.
 * May depend on alert, heal, config, kafka and server; never on cli or the daemon's assembly.
 */
package io.warden.daemon.ha;
