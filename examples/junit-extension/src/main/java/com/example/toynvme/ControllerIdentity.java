package com.example.toynvme;

/**
 * The fields of Identify Controller the toy driver reads.
 *
 * @param vendorId        PCI vendor ID (VID)
 * @param serialNumber    serial number (SN), padding removed
 * @param modelNumber     model number (MN), padding removed
 * @param firmwareRevision firmware revision (FR), padding removed
 */
public record ControllerIdentity(int vendorId, String serialNumber, String modelNumber, String firmwareRevision) {
}
