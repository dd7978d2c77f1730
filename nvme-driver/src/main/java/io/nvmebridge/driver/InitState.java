package io.nvmebridge.driver;

/**
 * Controller bring-up states, in order (SPDK's {@code nvme_ctrlr_state}). Each WAIT state has a deadline;
 * {@link ControllerInit#process()} never blocks.
 */
public enum InitState {
    /** Read CC/CSTS; clear CC.EN if set. */
    DISABLE,
    /** Wait for CSTS.RDY = 0 (deadline CAP.TO). */
    DISABLE_WAIT_FOR_READY_0,
    /** Program AQA, ASQ, ACQ. */
    CONFIGURE_ADMIN_QUEUE,
    /** Write CC with EN = 1. */
    ENABLE,
    /** Wait for CSTS.RDY = 1 (deadline CAP.TO). */
    ENABLE_WAIT_FOR_READY_1,
    IDENTIFY_CONTROLLER,
    WAIT_FOR_IDENTIFY_CONTROLLER,
    SET_NUMBER_OF_QUEUES,
    WAIT_FOR_SET_NUMBER_OF_QUEUES,
    DOORBELL_BUFFER_CONFIG,
    WAIT_FOR_DOORBELL_BUFFER_CONFIG,
    /** Identify CNS 02h: the active namespace list. */
    IDENTIFY_ACTIVE_NS,
    WAIT_FOR_IDENTIFY_ACTIVE_NS,
    /** Identify Namespace for each active NSID. */
    IDENTIFY_NS,
    WAIT_FOR_IDENTIFY_NS,
    READY,
    FAILED
}
