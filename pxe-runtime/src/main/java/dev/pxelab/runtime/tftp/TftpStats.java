package dev.pxelab.runtime.tftp;

/**
 * A snapshot of a server's counters since it started.
 *
 * @param received datagrams read on the request port, whatever they held (requests, garbage, datagrams from
 *                 outside the lab): what a flood test counts, since the kernel drops what the server cannot read
 * @param started transfers that began sending (a refused request is not started)
 * @param completed transfers whose last block the client acknowledged
 * @param abortedByClient transfers the client ended with error 8 (e.g. EDK2's tsize probe)
 * @param failed started transfers that ended otherwise (retries exhausted, client error, I/O error, server stop)
 * @param refused requests answered with an error before any transfer (not found, access violation, WRQ, bad options)
 * @param active transfers in progress
 * @param bytesSent file bytes sent, first transmissions and retransmissions
 * @param blocksRetransmitted DATA blocks (and OACKs) sent again after a timeout
 * @param duplicateAcks ACKs ignored because they acknowledged nothing new (never answered: Sorcerer's Apprentice)
 * @param busy requests refused because a limit on concurrent transfers was reached
 * @param dropped requests from outside the lab subnet, dropped unanswered
 * @param errors unexpected failures the I/O loop survived
 */
public record TftpStats(long received, long started, long completed, long abortedByClient, long failed, long refused, long active,
                        long bytesSent, long blocksRetransmitted, long duplicateAcks, long busy, long dropped,
                        long errors) {
}
