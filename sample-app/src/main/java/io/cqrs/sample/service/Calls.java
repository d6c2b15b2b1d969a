package io.cqrs.sample.service;

import io.grpc.stub.StreamObserver;

/** Runs a unary call body and answers with its value or with the mapped error status. */
final class Calls {

    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    private Calls() {
    }

    static <T> void unary(StreamObserver<T> observer, Body<T> body) {
        T value;
        try {
            value = body.run();
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            observer.onError(GrpcErrors.toStatus(t).asRuntimeException());
            return;
        }
        observer.onNext(value);
        observer.onCompleted();
    }

    static String name(String value, int maxLength) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw GrpcErrors.invalid("name is required");
        }
        if (v.length() > maxLength) {
            throw GrpcErrors.invalid("name is " + v.length() + " characters long; at most " + maxLength + " are allowed");
        }
        return v;
    }

    static long id(long value, String field) {
        if (value <= 0) {
            throw GrpcErrors.invalid(field + " must be a positive id, got " + value);
        }
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw GrpcErrors.invalid(field + " must not be negative, got " + value);
        }
        return value;
    }

    /** 0 means the default; negative or above the maximum is an error. */
    static int limit(int value, int defaultLimit, int max) {
        if (value < 0 || value > max) {
            throw GrpcErrors.invalid("limit must be 0 (default " + defaultLimit + ") to " + max + ", got " + value);
        }
        return value == 0 ? defaultLimit : value;
    }
}
