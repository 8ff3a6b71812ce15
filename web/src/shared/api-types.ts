/**
 * Generated from the server's OpenAPI document by `npm run gen:api` (scripts/gen-api.ts,
 * openapi-typescript). Do not edit: change the route's schema and generate again.
 */
export interface paths {
    "/api/v1/admin/editorial": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Maintainers' notes on the definitions: editorial remarks and readings of ambiguities, per service version (never shown to citizens) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                ambiguities: {
                                    reading: string;
                                    ref: string;
                                }[];
                                code: string;
                                editorial: {
                                    citizenText?: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                    path: string;
                                    text: string;
                                }[];
                                effectiveFrom: string;
                                effectiveTo: string | null;
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/gateway/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Asynchronous gateway messages (requests, responses, notifications) of one correlation id, oldest first */
        get: {
            parameters: {
                query: {
                    correlationId: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attempts: number;
                                correlationId: string;
                                createdAt: string;
                                deliveredAt: string | null;
                                /** @enum {string} */
                                direction: "out" | "in";
                                inReplyTo: string | null;
                                lastError: string | null;
                                messageId: string;
                                /** @enum {string} */
                                messageType: "REQUEST" | "RESPONSE" | "NOTIFICATION";
                                responseCode: string | null;
                                senderId: string;
                                serviceId: string;
                                status: string;
                                systemId: string;
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/gateway/messages/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where one asynchronous request is: queued (attempts, last error), answered or failed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    messageId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            correlationId: string;
                            createdAt: string;
                            lastError: string | null;
                            messageId: string;
                            responseCode: string | null;
                            responseMessageId: string | null;
                            serviceId: string;
                            /** @enum {string} */
                            status: "queued" | "answered" | "failed";
                            systemId: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/gateway/systems": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** State systems behind the gateway: circuit breaker, injected faults and configuration, as this server process sees them */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                circuit: {
                                    consecutiveFailures: number;
                                    opens: number;
                                    retryAfterMs: number;
                                    /** @enum {string} */
                                    state: "closed" | "open" | "half-open";
                                };
                                config: {
                                    backoffBaseMs: number;
                                    backoffMaxMs: number;
                                    breaker: {
                                        [key: string]: number;
                                    };
                                    retries: number;
                                    timeoutMs: number;
                                };
                                faults: {
                                    [key: string]: number;
                                } | null;
                                services: {
                                    idempotent: boolean;
                                    serviceId: string;
                                }[];
                                systemId: string;
                                title: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            }[];
                            process: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Jobs of the queue, newest first: by state (pending, running, done, failed) and kind. A failed job shows its last error; `next` pages on (as `before`) */
        get: {
            parameters: {
                query?: {
                    before?: number;
                    kind?: string;
                    limit?: number;
                    state?: "pending" | "running" | "done" | "failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                attempts: number;
                                createdAt: string;
                                dedupKey: string | null;
                                doneAt: string | null;
                                failedAt: string | null;
                                id: number;
                                kind: string;
                                lastError: string | null;
                                lockedUntil: string | null;
                                payload: unknown;
                                runAt: string;
                                startedAt: string | null;
                                /** @enum {string} */
                                state: "pending" | "running" | "done" | "failed";
                            } & {
                                [key: string]: unknown;
                            })[];
                            next: number | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/jobs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a failed job again: pending, due now, attempts from zero (audited). 409 JOB_NOT_FAILED for a job in another state; 409 JOB_DUPLICATE_OPEN when a job with its dedup key is open */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            createdAt: string;
                            dedupKey: string | null;
                            doneAt: string | null;
                            failedAt: string | null;
                            id: number;
                            kind: string;
                            lastError: string | null;
                            lockedUntil: string | null;
                            payload: unknown;
                            runAt: string;
                            startedAt: string | null;
                            /** @enum {string} */
                            state: "pending" | "running" | "done" | "failed";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/notifications/dead": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Notification deliveries that used up their attempts (dead letters), newest first, with the last error; `next` pages on (as `before`) */
        get: {
            parameters: {
                query?: {
                    before?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                address: string;
                                applicationId: string | null;
                                attempts: number;
                                /** @enum {string} */
                                channel: "email" | "sms";
                                deadAt: string;
                                id: number;
                                kind: string;
                                lastError: string | null;
                                notificationId: string;
                                replays: number;
                            }[];
                            next: number | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/notifications/dead/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a dead delivery again (pending, attempts from zero, a new job; audited). 404 NOTIFICATION_DELIVERY_NOT_FOUND, 409 NOTIFICATION_NOT_DEAD */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            channel: "email" | "sms";
                            id: number;
                            state: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/pki/certificates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue an EDS certificate (national profile) with a new key pair, returned as a password-protected PKCS#12 keystore. Audited with the reason. For an IIN with an account the person confirms: the first call sends them an SMS code and answers 202; repeat it with `confirmation`. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        algorithm: "rsa" | "ecdsa";
                        bin?: string;
                        /** @description the person's one-time code from the SMS sent by the first call (an IIN with an account) */
                        confirmation?: {
                            code: string;
                            otpId: string;
                        };
                        iin: string;
                        name: string | {
                            givenName: string;
                            patronymic?: string;
                            surname: string;
                        };
                        /** @description ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z */
                        notAfter?: string;
                        /** @description ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z */
                        notBefore?: string;
                        organization?: string;
                        password: string;
                        /** @description why the certificate is issued (audited), e.g. "lost token, request no. 17" */
                        reason: string;
                        /** @enum {string} */
                        role?: "first_head" | "signer" | "finance" | "hr" | "employee";
                        /** @enum {string} */
                        usage: "sign" | "auth";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificatePem: string;
                            /** @description PKCS#12 keystore, base64 */
                            pkcs12: string;
                            serial: string;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            confirmationRequired: true;
                            expiresAt: string;
                            otpId: string;
                            /** @description the masked phone the code was sent to */
                            phone: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/pki/certificates/{serial}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a certificate issued by this CA (audited; every server process refuses it, and it appears in the CRL and OCSP answers, at once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    serial: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        reason?: "unspecified" | "keyCompromise" | "cACompromise" | "affiliationChanged" | "superseded" | "cessationOfOperation" | "certificateHold" | "privilegeWithdrawn" | "aACompromise";
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reason: string;
                            revokedAt: string;
                            serial: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My applications, newest first (keyset paging: pass nextCursor as cursor) */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                /** @enum {string} */
                                channel: "portal" | "centre" | "provider";
                                dueDate: string | null;
                                filedAt: string;
                                id: string;
                                number: string;
                                serviceCode: string;
                                serviceName: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                serviceVersion: number;
                                /** @enum {string} */
                                status: "draft" | "awaiting-second-applicant" | "awaiting-payment" | "submitted" | "delivered" | "registered" | "in-progress" | "extended" | "returned" | "result-ready" | "refused" | "issued" | "unclaimed" | "annulled" | "withdrawn";
                                statusName: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            } & {
                                [key: string]: unknown;
                            })[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Submit an application (Idempotency-Key header required; a retry with the same key returns the same application) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        channel: "portal" | "centre" | "provider";
                        form: {
                            [key: string]: unknown;
                        };
                        intake?: {
                            applicantIin?: string;
                            district?: string;
                            representative?: {
                                iin: string;
                                powerOfAttorney: {
                                    date: string;
                                    notary: string;
                                    number: string;
                                };
                            };
                        };
                        /** @enum {string} */
                        region?: "astana" | "almaty" | "shymkent" | "abai" | "akmola" | "aktobe" | "almaty-region" | "atyrau" | "east-kazakhstan" | "zhambyl" | "zhetisu" | "west-kazakhstan" | "karaganda" | "kostanay" | "kyzylorda" | "mangystau" | "pavlodar" | "north-kazakhstan" | "turkistan" | "ulytau";
                        serviceCode: string;
                        signature?: {
                            cms: string;
                            /** @enum {string} */
                            method: "eds";
                        } | {
                            code: string;
                            /** @enum {string} */
                            method: "sms";
                            otpId: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dueDate: string | null;
                            id: string;
                            number: string;
                            /** @enum {string} */
                            status: "draft" | "awaiting-second-applicant" | "awaiting-payment" | "submitted" | "delivered" | "registered" | "in-progress" | "extended" | "returned" | "result-ready" | "refused" | "issued" | "unclaimed" | "annulled" | "withdrawn";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/applications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of my applications with its full status history (by id or number) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptanceDate: string | null;
                            /** @enum {string} */
                            channel: "portal" | "centre" | "provider";
                            coSigners: ({
                                expiresAt: string;
                                field: string;
                                iin: string;
                                label: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                method: ("eds" | "sms") | null;
                                signedAt: string | null;
                                /** @enum {string} */
                                status: "pending" | "signed" | "declined" | "expired";
                            } & {
                                [key: string]: unknown;
                            })[];
                            currentStep?: ({
                                dueAt: string | null;
                                id: string;
                                kind: string;
                                words: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            deadlineBasis: {
                                en: string;
                                kk: string;
                                ru: string;
                            } | null;
                            decision?: ({
                                grounds: {
                                    id: string;
                                    text: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    } | null;
                                }[];
                                /** @enum {string} */
                                kind: "approve" | "refuse";
                                reasons: string | null;
                                signedAt: string;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            documents: {
                                issuedAt: string;
                                /**
                                 * @description result: the service’s result; refusal: the reasoned refusal letter
                                 * @enum {string}
                                 */
                                kind: "result" | "refusal";
                                number: string;
                                /** @enum {string} */
                                status: "valid" | "revoked";
                            }[];
                            dueDate: string | null;
                            filedAt: string;
                            files: ({
                                document: {
                                    id: string;
                                    name: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                } | null;
                                field: string | null;
                                fieldLabel: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                } | null;
                                id: string;
                                mime: string;
                                name: string;
                                sha256: string;
                                size: number;
                                uploadedAt: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            form: {
                                [key: string]: unknown;
                            };
                            history: ({
                                actorRole: string | null;
                                at: string;
                                from: ("draft" | "awaiting-second-applicant" | "awaiting-payment" | "submitted" | "delivered" | "registered" | "in-progress" | "extended" | "returned" | "result-ready" | "refused" | "issued" | "unclaimed" | "annulled" | "withdrawn") | null;
                                reason: ({
                                    en: string;
                                    kk: string;
                                    ru: string;
                                } | {
                                    [key: string]: unknown;
                                }) | null;
                                stepId: string | null;
                                /** @enum {string} */
                                to: "draft" | "awaiting-second-applicant" | "awaiting-payment" | "submitted" | "delivered" | "registered" | "in-progress" | "extended" | "returned" | "result-ready" | "refused" | "issued" | "unclaimed" | "annulled" | "withdrawn";
                                toName: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                words?: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                } | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                            id: string;
                            number: string;
                            region: string | null;
                            result: ({
                                createdAt: string;
                                document: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string} */
                                kind: "document" | "refusal";
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            serviceCode: string;
                            serviceName: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            serviceVersion: number;
                            signature: ({
                                /** @enum {string} */
                                method: "eds" | "sms";
                                signedAt: string;
                                signerIin: string;
                                signerSerial: string | null;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** @enum {string} */
                            status: "draft" | "awaiting-second-applicant" | "awaiting-payment" | "submitted" | "delivered" | "registered" | "in-progress" | "extended" | "returned" | "result-ready" | "refused" | "issued" | "unclaimed" | "annulled" | "withdrawn";
                            statusName: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/applications/{id}/files/{fileId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a file attached to one of my applications (by application id or number) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fileId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the file, with its stored type, as an attachment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                        "image/jpeg": string;
                        "image/png": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/applications/{id}/survey": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The quality survey of a decided application (001 annex 6, and a 1–5 rating) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            answered: boolean;
                            comment: {
                                maxLength: number;
                                text: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            };
                            id: string;
                            open: boolean;
                            questions: {
                                id: string;
                                options: {
                                    label: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                    value: number;
                                }[];
                                text: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            }[];
                            rating: {
                                max: number;
                                min: number;
                                text: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            };
                            title: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Answer the quality survey, once; the answer is anonymous in every report */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            answered: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/applications/signing-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a one-time SMS code that confirms (signs) exactly this draft with this Idempotency-Key */
        post: {
            parameters: {
                query?: never;
                header: {
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        channel: "portal" | "centre" | "provider";
                        form: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        region?: "astana" | "almaty" | "shymkent" | "abai" | "akmola" | "aktobe" | "almaty-region" | "atyrau" | "east-kazakhstan" | "zhambyl" | "zhetisu" | "west-kazakhstan" | "karaganda" | "kostanay" | "kyzylorda" | "mangystau" | "pavlodar" | "north-kazakhstan" | "turkistan" | "ulytau";
                        serviceCode: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            expiresAt: string;
                            otpId: string;
                            phone: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/applications/signing-payload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The exact bytes to sign (base64) for this draft and Idempotency-Key; clients may also build them themselves */
        post: {
            parameters: {
                query?: never;
                header: {
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        channel: "portal" | "centre" | "provider";
                        form: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        region?: "astana" | "almaty" | "shymkent" | "abai" | "akmola" | "aktobe" | "almaty-region" | "atyrau" | "east-kazakhstan" | "zhambyl" | "zhetisu" | "west-kazakhstan" | "karaganda" | "kostanay" | "kyzylorda" | "mangystau" | "pavlodar" | "north-kazakhstan" | "turkistan" | "ulytau";
                        serviceCode: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payload: string;
                            sha256: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use challenge (5 minutes) to sign with the AUTH key for certificate login */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the bytes to sign, base64 */
                            challenge: string;
                            challengeId: string;
                            expiresAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with IIN and password. Sets the session cookie and returns a bearer token for API clients. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        iin: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            expiresAt: string;
                            token: string;
                            user: {
                                givenName: string;
                                id: string;
                                iin: string;
                                name: string;
                                orgId: string | null;
                                patronymic: string | null;
                                roles: string[];
                                surname: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | ({
                            expiresAt: string;
                            /** @enum {boolean} */
                            mfaRequired: true;
                            otpId: string;
                            phone: string;
                        } & {
                            [key: string]: unknown;
                        });
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login/eds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Certificate login: the challenge signed (CMS, detached or attached) with the AUTH key */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        challengeId: string;
                        signature: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            expiresAt: string;
                            token: string;
                            user: {
                                givenName: string;
                                id: string;
                                iin: string;
                                name: string;
                                orgId: string | null;
                                patronymic: string | null;
                                roles: string[];
                                surname: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Second factor: the one-time SMS code sent after the password step */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        otpId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            expiresAt: string;
                            token: string;
                            user: {
                                givenName: string;
                                id: string;
                                iin: string;
                                name: string;
                                orgId: string | null;
                                patronymic: string | null;
                                roles: string[];
                                surname: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session: every session the request carries (bearer token and cookie), on every server process at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/recovery": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Forgot password: send a recovery code by SMS to the account's phone. The answer is the same whether or not the IIN has an account (an opaque recoveryId; only one with an account behind it can succeed). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        iin: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            expiresAt: string;
                            recoveryId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/recovery/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with the code from the recovery SMS (at least 8 characters, letters and digits, not the IIN). Clears the sign-in lock and ends every session of the person. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        iin: string;
                        newPassword: string;
                        recoveryId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                            sessionsEnded: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Branches of the State Corporation: kind (ordinary, duty, own timetable, mobile) and timetable */
        get: {
            parameters: {
                query?: {
                    region?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                district: string | null;
                                id: string;
                                /** @enum {string} */
                                kind: "ordinary" | "duty" | "own" | "mobile";
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                region: string | null;
                                timetable: {
                                    route?: {
                                        from: string;
                                        settlement: {
                                            en: string;
                                            kk: string;
                                            ru: string;
                                        };
                                        until: string;
                                        weekday: number;
                                    }[];
                                    saturday: {
                                        from: string;
                                        until: string;
                                    } | null;
                                    weekdays: {
                                        from: string;
                                        until: string;
                                    } | null;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One branch with its windows and the service groups */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            district: string | null;
                            groups: {
                                id: string;
                                letter: string;
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            }[];
                            id: string;
                            /** @enum {string} */
                            kind: "ordinary" | "duty" | "own" | "mobile";
                            name: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            region: string | null;
                            timetable: {
                                route?: {
                                    from: string;
                                    settlement: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                    until: string;
                                    weekday: number;
                                }[];
                                saturday: {
                                    from: string;
                                    until: string;
                                } | null;
                                weekdays: {
                                    from: string;
                                    until: string;
                                } | null;
                            };
                            windows: {
                                groups: string[];
                                id: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches/{id}/board/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Display board: server-sent events (board, called, recalled, mode) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches/{id}/bookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Book a 15-minute slot on a working day within the branch’s hours (one active booking per service group) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        serviceGroup: string;
                        slotAt: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            branch: string;
                            id: string;
                            serviceGroup: string;
                            slotAt: string;
                            state: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches/{id}/bookings/{booking}/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Kiosk: check a booking in on its day; it becomes a ticket (priority when on time) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    booking: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        lang: "kk" | "ru";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            day: string;
                            id: string;
                            number: string;
                            onTime: boolean;
                            position: number;
                            priority: string | null;
                            serviceGroup: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches/{id}/queue/mode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Switch the branch to a live queue on a system failure, and back (recorded, 002 cl.6) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        mode: "electronic" | "live";
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            mode: string;
                            since: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches/{id}/queue/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The branch’s day: tickets, average waiting and serving time, tickets over the 20-minute norms (004 cl.7) */
        get: {
            parameters: {
                query?: {
                    day?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            avgServeSeconds: number;
                            avgWaitSeconds: number;
                            day: string;
                            mode: string;
                            normMinutes: number;
                            noShows: number;
                            served: number;
                            serviceOverNorm: number;
                            tickets: number;
                            waiting: number;
                            waitOverNorm: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches/{id}/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Kiosk: take a ticket for a service group (no sign-in) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        lang: "kk" | "ru";
                        /** @enum {string} */
                        priority?: "disability" | "elderly" | "pregnant";
                        serviceGroup: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            day: string;
                            id: string;
                            number: string;
                            position: number;
                            priority: string | null;
                            serviceGroup: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches/{id}/tickets/{ticket}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A ticket: state, position, its periods against the 20-minute norms */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    ticket: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            branch: string;
                            id: string;
                            issuedAt: string;
                            number: string;
                            periods: {
                                endedAt: string | null;
                                seconds: number;
                                startedAt: string;
                                state: string;
                                window: string | null;
                            }[];
                            position: number | null;
                            priority: string | null;
                            servedSeconds: number;
                            serviceGroup: string;
                            serviceOverNorm: boolean;
                            /** @enum {string} */
                            state: "waiting" | "called" | "serving" | "done" | "no-show" | "expired";
                            waitedSeconds: number;
                            waitOverNorm: boolean;
                            window: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches/{id}/tickets/{ticket}/{action}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Operator: recall, start serving, mark a no-show, redirect to another window, or finish a called ticket */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    action: "recall" | "start" | "no-show" | "redirect" | "done";
                    id: string;
                    ticket: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        serviceGroup?: string;
                        window?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            number: string;
                            state: string;
                            window: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/branches/{id}/windows/{window}/call-next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Operator: call the next ticket to this window (404 QUEUE_EMPTY when nobody waits) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    window: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            number: string;
                            priority: string | null;
                            serviceGroup: string;
                            waitedSeconds: number;
                            window: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendar/{year}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The working calendar of a year (five-day week) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    year: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            nonWorkingWeekdays: string[];
                            workingDays: number;
                            workingWeekendDays: string[];
                            year: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendar/add-working-days": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Add working days to a date (the day `from` itself is not counted) */
        get: {
            parameters: {
                query: {
                    days: number;
                    from: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            date: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Catalogue categories of services (kk/ru/en) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                code: string;
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Staff ask a person for consent to read their protected data; a one-time code goes to the person's phone */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        purpose: "public-service" | "identity-check" | "address-check" | "family-check" | "representation-check" | "legal-entity-check";
                        serviceCode?: string;
                        subjectIin: string;
                        systems: ("persons" | "legal-entities" | "notary" | "civil-registry" | "address")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            codeExpiresAt: string;
                            consentId: string;
                            phone: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consents/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The code the person received, typed in by staff, grants the consent */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            application: {
                                id: string;
                                number: string | null;
                            } | null;
                            closedAt: string | null;
                            expiresAt: string;
                            grantedAt: string | null;
                            id: string;
                            /** @enum {string} */
                            method: "sms" | "signed-application";
                            purpose: string;
                            requesterRole: string;
                            revokedAt: string | null;
                            serviceCode: string | null;
                            subjectIin: string;
                            systems: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consents/purposes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The purposes staff may ask consent for (the SMS names the chosen one in kk and ru) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                code: string;
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/demo/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Demo accounts for every role (demo mode only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            iin: string;
                            mfaSms: boolean;
                            name: string;
                            org: {
                                id: string;
                                kind: string;
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                region: string | null;
                            } | null;
                            password: string;
                            phone: string;
                            role: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/demo/keystores/{iin}/{usage}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A demo person's PKCS#12 keystore (password = the account's demo password); demo mode only */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    iin: string;
                    usage: "auth" | "sign";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the PKCS#12 keystore */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-pkcs12": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/demo/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Text messages the simulated SMS operator delivered to a demo phone (demo mode only) */
        get: {
            parameters: {
                query: {
                    phone: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                at: string;
                                body: string;
                                purpose: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/documents/{number}.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a document: the person it was issued to (once signed) and staff of the issuing organisation (audited); anyone else 403 */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The document number, e.g. KZ-DOC-26-00000001-5 (any case) */
                    number: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the document as PDF (signed bytes; X-Document-Sha256 names their hash) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/documents/{number}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public verification of a result document by its number (the QR code on the document leads to /verify/{number}) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The document number, e.g. KZ-DOC-26-00000001-5 (any case) */
                    number: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            issuedAt: string;
                            issuer: {
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                official: string;
                                orgId: string;
                            };
                            /** @enum {string} */
                            kind: "result" | "refusal";
                            number: string;
                            problems: string[];
                            replacedBy: string | null;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            service: {
                                code: string;
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                } | null;
                                version: number;
                            };
                            /** @description SHA-256 (hex) of the PDF’s bytes, which the signature covers */
                            sha256: string;
                            signed: boolean;
                            signedAt: string | null;
                            signer: {
                                name: string;
                                serial: string;
                            } | null;
                            /** @enum {string} */
                            status: "valid" | "revoked";
                            /** @description Signed, the bytes unchanged, the official’s signature verifies with a trusted, unrevoked certificate, and the document is not revoked */
                            valid: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in person */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            givenName: string;
                            id: string;
                            iin: string;
                            name: string;
                            orgId: string | null;
                            patronymic: string | null;
                            roleNames: {
                                en: string;
                                kk: string;
                                ru: string;
                            }[];
                            roles: string[];
                            surname: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/co-sign-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Applications waiting for my signature as the second applicant (my IIN), soonest expiry first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                applicant: {
                                    iin: string;
                                    name: string;
                                };
                                applicationId: string;
                                /** @enum {string} */
                                applicationStatus: "draft" | "awaiting-second-applicant" | "awaiting-payment" | "submitted" | "delivered" | "registered" | "in-progress" | "extended" | "returned" | "result-ready" | "refused" | "issued" | "unclaimed" | "annulled" | "withdrawn";
                                applicationStatusName: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                as: {
                                    field: string;
                                    label: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                };
                                expiresAt: string;
                                filedAt: string;
                                method: ("eds" | "sms") | null;
                                number: string;
                                serviceCode: string;
                                serviceName: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                serviceVersion: number;
                                signedAt: string | null;
                                /** @enum {string} */
                                status: "pending" | "signed" | "declined" | "expired";
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/co-sign-requests/{applicationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One request with the form I am asked to sign */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    applicationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            applicant: {
                                iin: string;
                                name: string;
                            };
                            applicationId: string;
                            /** @enum {string} */
                            applicationStatus: "draft" | "awaiting-second-applicant" | "awaiting-payment" | "submitted" | "delivered" | "registered" | "in-progress" | "extended" | "returned" | "result-ready" | "refused" | "issued" | "unclaimed" | "annulled" | "withdrawn";
                            applicationStatusName: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            as: {
                                field: string;
                                label: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            };
                            /** @enum {string} */
                            channel: "portal" | "centre" | "provider";
                            expiresAt: string;
                            filedAt: string;
                            form: {
                                [key: string]: unknown;
                            };
                            method: ("eds" | "sms") | null;
                            number: string;
                            region: string | null;
                            serviceCode: string;
                            serviceName: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            serviceVersion: number;
                            signedAt: string | null;
                            /** @enum {string} */
                            status: "pending" | "signed" | "declined" | "expired";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/co-sign-requests/{applicationId}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline to sign: the application is annulled */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    applicationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            applicationId: string;
                            dueDate: string | null;
                            number: string;
                            replayed: boolean;
                            /** @enum {string} */
                            status: "draft" | "awaiting-second-applicant" | "awaiting-payment" | "submitted" | "delivered" | "registered" | "in-progress" | "extended" | "returned" | "result-ready" | "refused" | "issued" | "unclaimed" | "annulled" | "withdrawn";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/co-sign-requests/{applicationId}/sign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign the request (EDS SIGN key with my IIN, or the SMS code); the last signature files the application. The same signature again answers the same; another after mine is 409. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    applicationId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        signature: {
                            cms: string;
                            /** @enum {string} */
                            method: "eds";
                        } | {
                            code: string;
                            /** @enum {string} */
                            method: "sms";
                            otpId: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            applicationId: string;
                            dueDate: string | null;
                            number: string;
                            replayed: boolean;
                            /** @enum {string} */
                            status: "draft" | "awaiting-second-applicant" | "awaiting-payment" | "submitted" | "delivered" | "registered" | "in-progress" | "extended" | "returned" | "result-ready" | "refused" | "issued" | "unclaimed" | "annulled" | "withdrawn";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/co-sign-requests/{applicationId}/signing-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a one-time SMS code that signs exactly this request */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    applicationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            expiresAt: string;
                            otpId: string;
                            phone: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/co-sign-requests/{applicationId}/signing-payload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The exact bytes (base64) I sign: qyzmet.application.cosign.v1 (number, service, applicant IIN, form, my IIN) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    applicationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payload: string;
                            sha256: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Consents I have given */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                application: {
                                    id: string;
                                    number: string | null;
                                } | null;
                                closedAt: string | null;
                                expiresAt: string;
                                grantedAt: string | null;
                                id: string;
                                /** @enum {string} */
                                method: "sms" | "signed-application";
                                purpose: string;
                                requesterRole: string;
                                revokedAt: string | null;
                                serviceCode: string | null;
                                subjectIin: string;
                                systems: string[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consents/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw a consent */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/data-access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who accessed my data: every read of my data in state systems, with purpose and consent */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                actor: {
                                    id: string;
                                    name: string | null;
                                    roles: string[] | null;
                                } | null;
                                application: {
                                    id: string | null;
                                    number: string | null;
                                    own: boolean;
                                } | null;
                                at: string;
                                consentId: string | null;
                                file?: {
                                    id: string;
                                    name: string | null;
                                } | null;
                                purpose: string;
                                sender: string;
                                service: string;
                                status: string;
                                subject: {
                                    iin: string | null;
                                    self: boolean;
                                };
                                system: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/notification-preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My language and channels for notifications (defaults: Kazakh, inbox, SMS with a phone, e-mail with an address) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            available: {
                                email: boolean;
                                sms: boolean;
                            };
                            channels: {
                                email: boolean;
                                /** @enum {boolean} */
                                inbox: true;
                                sms: boolean;
                            };
                            email: string | null;
                            /** @enum {string} */
                            language: "kk" | "ru" | "en";
                            phone: string | null;
                        };
                    };
                };
            };
        };
        /** Choose the language and channels. 422 NOTIFICATION_INBOX_REQUIRED (inbox off), NOTIFICATION_EMAIL_REQUIRED (e-mail on, no address), NOTIFICATION_PHONE_REQUIRED (SMS on, no phone) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        channels: {
                            email: boolean;
                            inbox?: boolean;
                            sms: boolean;
                        };
                        email?: string | null;
                        /** @enum {string} */
                        language: "kk" | "ru" | "en";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            available: {
                                email: boolean;
                                sms: boolean;
                            };
                            channels: {
                                email: boolean;
                                /** @enum {boolean} */
                                inbox: true;
                                sms: boolean;
                            };
                            email: string | null;
                            /** @enum {string} */
                            language: "kk" | "ru" | "en";
                            phone: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My notifications, newest first (subject and text in kk/ru/en), with the number unread; `unread=true` for the unread only; `nextCursor` pages on */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    unread?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                applicationId: string | null;
                                createdAt: string;
                                id: string;
                                /** @enum {string} */
                                kind: "submitted" | "registered" | "extended" | "ready" | "refused" | "returned" | "storage-expiry" | "cosign-requested" | "complaint-answered";
                                number: string | null;
                                readAt: string | null;
                                subject: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                text: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            }[];
                            nextCursor: string | null;
                            unread: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one of my notifications read (again: unchanged). 404 NOTIFICATION_NOT_FOUND for another person’s */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            applicationId: string | null;
                            createdAt: string;
                            id: string;
                            /** @enum {string} */
                            kind: "submitted" | "registered" | "extended" | "ready" | "refused" | "returned" | "storage-expiry" | "cosign-requested" | "complaint-answered";
                            number: string | null;
                            readAt: string | null;
                            subject: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            text: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/prefill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the state holds about me for this service's form (name and address from the persons DB, phone from my account), to check and correct */
        get: {
            parameters: {
                query: {
                    service: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sources: {
                                [key: string]: "persons" | "account";
                            };
                            values: {
                                [key: string]: string | {
                                    [key: string]: string;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organisations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Organisations: providers, public service centres, akimats as front offices, the quality authority, the operator */
        get: {
            parameters: {
                query?: {
                    kind?: "provider" | "centre" | "akimat" | "quality-authority" | "operator";
                    region?: "astana" | "almaty" | "shymkent" | "abai" | "akmola" | "aktobe" | "almaty-region" | "atyrau" | "east-kazakhstan" | "zhambyl" | "zhetisu" | "west-kazakhstan" | "karaganda" | "kostanay" | "kyzylorda" | "mangystau" | "pavlodar" | "north-kazakhstan" | "turkistan" | "ulytau";
                    service?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                district: string | null;
                                frontOfficeFor: "all" | string[];
                                hours: {
                                    from: string;
                                    lunch?: {
                                        from: string;
                                        until: string;
                                    };
                                    saturday?: {
                                        from: string;
                                        until: string;
                                    };
                                    until: string;
                                } | null;
                                id: string;
                                /** @enum {string} */
                                kind: "provider" | "centre" | "akimat" | "quality-authority" | "operator";
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                parent: string | null;
                                provides: {
                                    conditional: boolean;
                                    service: string;
                                }[];
                                region: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organisations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One organisation */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            district: string | null;
                            frontOfficeFor: "all" | string[];
                            hours: {
                                from: string;
                                lunch?: {
                                    from: string;
                                    until: string;
                                };
                                saturday?: {
                                    from: string;
                                    until: string;
                                };
                                until: string;
                            } | null;
                            id: string;
                            /** @enum {string} */
                            kind: "provider" | "centre" | "akimat" | "quality-authority" | "operator";
                            name: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            parent: string | null;
                            provides: {
                                conditional: boolean;
                                service: string;
                            }[];
                            region: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quality/surveys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Survey aggregates for the quality-evaluation authority (groups under 5 answers suppressed) */
        get: {
            parameters: {
                query: {
                    by?: "service" | "provider" | "region" | "channel" | "month";
                    from: string;
                    service?: string;
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            by: string;
                            from: string;
                            groups: {
                                answers: number;
                                key: string | null;
                                meanRating: number;
                                questions: {
                                    [key: string]: {
                                        [key: string]: number;
                                    };
                                };
                                ratings: {
                                    [key: string]: number;
                                };
                            }[];
                            suppressed: number;
                            survey: string;
                            to: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Regions of Kazakhstan */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                code: string;
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search the catalogue of state services (kk/ru/en; Kazakh letters optional) */
        get: {
            parameters: {
                query?: {
                    at?: string;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                categories: string[];
                                channels: ("portal" | "centre" | "provider")[];
                                code: string;
                                digestRef: string;
                                /** @enum {string} */
                                feeKind: "free" | "state-duty" | "not-stated";
                                free: boolean;
                                name: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                provider: {
                                    kind: string;
                                    name: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                };
                                recipients: string[];
                                sphere: string;
                                variant: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                } | null;
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The version of a service definition in force (or at a date), with its version history. Maintainers' notes (`editorial`, `ambiguities`) are included only for admins. */
        get: {
            parameters: {
                query?: {
                    at?: string;
                    version?: number;
                };
                header?: never;
                path: {
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ambiguities?: {
                                reading: string;
                                ref: string;
                            }[];
                            channels: ("portal" | "centre" | "provider")[];
                            code: string;
                            editorial?: {
                                citizenText?: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                                text: string;
                            }[];
                            effectiveFrom: string;
                            name: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            version: number;
                            versions: {
                                effectiveFrom: string;
                                effectiveTo: string | null;
                                legalAct: {
                                    [key: string]: unknown;
                                };
                                version: number;
                            }[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{code}/deadline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** When the result is due if the application is filed at the given moment */
        get: {
            parameters: {
                query: {
                    branch?: string;
                    channel: "portal" | "centre" | "provider";
                    filedAt?: string;
                    lang?: "kk" | "ru" | "en";
                    region?: "astana" | "almaty" | "shymkent" | "abai" | "akmola" | "aktobe" | "almaty-region" | "atyrau" | "east-kazakhstan" | "zhambyl" | "zhetisu" | "west-kazakhstan" | "karaganda" | "kostanay" | "kyzylorda" | "mangystau" | "pavlodar" | "north-kazakhstan" | "turkistan" | "ulytau";
                };
                header?: never;
                path: {
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptanceDate: string;
                            basis: string;
                            basisText: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            dueDate: string;
                            noticeBy?: string;
                            termId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * When the result is due for an application with these facts (the same computation as filing it)
         * @description The term depends on the case (a divorce on a court decision, a birth registered late…): give the form, or the part of it known so far. Values present are checked as the application would check them; missing ones are not required. Without `form` the answer is the general term, as GET gives.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    code: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        channel: "portal" | "centre" | "provider";
                        filedAt?: string;
                        form?: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        region?: "astana" | "almaty" | "shymkent" | "abai" | "akmola" | "aktobe" | "almaty-region" | "atyrau" | "east-kazakhstan" | "zhambyl" | "zhetisu" | "west-kazakhstan" | "karaganda" | "kostanay" | "kyzylorda" | "mangystau" | "pavlodar" | "north-kazakhstan" | "turkistan" | "ulytau";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptanceDate: string;
                            basis: string;
                            basisText: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            dueDate: string;
                            noticeBy?: string;
                            termId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{code}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The documents required on a channel; conditions are evaluated against the given answers */
        get: {
            parameters: {
                query: {
                    channel: "portal" | "centre" | "provider";
                };
                header?: never;
                path: {
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                applies: boolean;
                                document: {
                                    channels: ("portal" | "centre" | "provider")[];
                                    id: string;
                                    name: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                                fetched: boolean;
                                reason: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{code}/fee": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The state duty in tenge on a date: the MCI in force that day times the rate of the standard
         * @description Other query keys are values of the form the rate depends on (e.g. `documentKind=reference&requestFrom=kazakhstan`); a rate that depends on a value not given is 400 FEE_FACTS_REQUIRED naming the fields.
         */
        get: {
            parameters: {
                query?: {
                    date?: string;
                    exemption?: string;
                    lang?: "kk" | "ru" | "en";
                };
                header?: never;
                path: {
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            amountKzt: number;
                            basis: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            items: {
                                exemptedBy: string | null;
                                id: string;
                                label: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                rateMci: number;
                            }[];
                            mci: number;
                            mciBasis: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            rateMci: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signatures/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify a CMS (PKCS#7) EDS signature: signature math, chain to a trusted root, validity at signing time, revocation, key usage, IIN/BIN. Malformed input → 400 EDS_MALFORMED; a signature that fails a check → 200 with valid=false and the reasons. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the signed bytes, base64 (required for a detached signature) */
                        data?: string;
                        expectedBin?: string;
                        expectedIin?: string;
                        /**
                         * @description 'sign' (default): a document, needs the SIGN key; 'auth': a sign-in challenge, needs the AUTH key
                         * @enum {string}
                         */
                        purpose?: "sign" | "auth" | "any";
                        /** @description CMS SignedData (PKCS#7), base64 DER */
                        signature: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            }[];
                            signer: {
                                bin?: string;
                                iin: string | null;
                                name: string;
                                serial: string;
                            } | null;
                            signingTime: string | null;
                            valid: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/staff/applications/{id}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The files attached to an application (provider-clerk, provider-head, responsible-executor; audited). Interim rule: staff of the application's provider organisation, or any provider staff while it has none */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            application: {
                                id: string;
                                number: string;
                            };
                            items: ({
                                document: {
                                    id: string;
                                    name: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                } | null;
                                field: string | null;
                                fieldLabel: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                } | null;
                                id: string;
                                mime: string;
                                name: string;
                                sha256: string;
                                size: number;
                                uploadedAt: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/staff/applications/{id}/files/{fileId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one file of an application (audited; the applicant sees the read in "who accessed my data") */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fileId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the file, with its stored type, as an attachment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                        "image/jpeg": string;
                        "image/png": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in employee’s open tasks (their organisation and roles), soonest due first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    overdue?: "true" | "false";
                    service?: string;
                    status?: "draft" | "submitted" | "delivered" | "registered" | "in-progress" | "extended" | "awaiting-second-applicant" | "awaiting-payment" | "returned" | "result-ready" | "refused" | "issued" | "unclaimed" | "annulled" | "withdrawn";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                actions: string[];
                                application: {
                                    dueDate: string | null;
                                    id: string;
                                    number: string | null;
                                    serviceCode: string;
                                    serviceName: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    } | null;
                                    status: string;
                                    statusName: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                                assigneeId: string | null;
                                dueAt: string | null;
                                escalated: boolean;
                                id: string;
                                overdue: boolean;
                                state: string;
                                step: {
                                    action: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    } | null;
                                    id: string;
                                    kind: string;
                                    role: string;
                                } & {
                                    [key: string]: unknown;
                                };
                                version: number;
                                warnAt: string | null;
                                warning: boolean;
                            } & {
                                [key: string]: unknown;
                            })[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One task: the application, its history and process, the actions allowed now with example bodies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actions: string[];
                            application: {
                                acceptanceDate: string | null;
                                applicantIin: string | null;
                                channel: string;
                                dueDate: string | null;
                                filedAt: string;
                                form: {
                                    [key: string]: unknown;
                                };
                                id: string;
                                number: string | null;
                                serviceCode: string;
                                serviceName: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                serviceVersion: number;
                                status: string;
                                statusName: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            } & {
                                [key: string]: unknown;
                            };
                            assigneeId: string | null;
                            decision: ({
                                data: unknown;
                                /** @description The document the head signs (PDF at GET /api/v1/documents/{number}.pdf) */
                                document: {
                                    kind: string;
                                    number: string;
                                    signed: boolean;
                                    status: string;
                                } | null;
                                kind: string;
                                preparedAt: string;
                                signedAt: string | null;
                                signerSerial: string | null;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            decisionFields: unknown[];
                            dueAt: string | null;
                            escalated: boolean;
                            examples: {
                                [key: string]: unknown;
                            };
                            executors: ({
                                id: string;
                                name: string | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                            extensions: ({
                                applies: boolean;
                                id: string;
                                maxAmount: number;
                                reason?: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                unit: string;
                                used: boolean;
                            } & {
                                [key: string]: unknown;
                            })[];
                            history: ({
                                actorName: string | null;
                                actorRole: string | null;
                                at: string;
                                from: string | null;
                                reason: unknown;
                                stepId: string | null;
                                to: string;
                                toName: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                            } & {
                                [key: string]: unknown;
                            })[];
                            id: string;
                            openedAt: string;
                            orgId: string;
                            overdue: boolean;
                            process: ({
                                action?: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                } | null;
                                actor: unknown;
                                current: boolean;
                                id: string;
                                kind: string;
                                limit: unknown;
                            } & {
                                [key: string]: unknown;
                            })[];
                            refusalGrounds: ({
                                id: string;
                                text: unknown;
                            } & {
                                [key: string]: unknown;
                            })[];
                            signature: {
                                method: string;
                                signedAt: string;
                                signerIin: string;
                                signerSerial: string | null;
                            } | null;
                            state: string;
                            step: {
                                action: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                } | null;
                                id: string;
                                kind: string;
                                limit: unknown;
                                role: string;
                                timings: unknown[];
                            } & {
                                [key: string]: unknown;
                            };
                            version: number;
                            warnAt: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/{action}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Act on a task: register, assign, approve, refuse, extend, request-data, data-received, return, sign, forward, dispatch, issue. The body carries the version read (409 STALE_VERSION when someone acted first). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    action: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            applicationId: string;
                            nextTaskId: string | null;
                            state: string;
                            status: string;
                            taskId: string;
                            version: number;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/signing-payload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The bytes the assigned head signs with the SIGN key (base64): the PDF of the decision’s document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payload: string;
                            sha256: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/state-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The data the service standard says the provider obtains from state systems, read now through the gateway (consent policy; in the applicant’s “who accessed my data”) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                fields: {
                                    name: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                    value: {
                                        en: string;
                                        kk: string;
                                        ru: string;
                                    };
                                }[];
                                label: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                } | null;
                                /** @enum {string} */
                                status: "ok" | "absent" | "denied" | "unavailable" | "unsupported";
                                system: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload one file (a scanned copy) as the raw request body. Content-Type: application/pdf, image/jpeg or image/png — checked against the content itself. The file name goes percent-encoded in X-File-Name (or ?name=). With ?service=&field= that file field’s types and size apply. The answer is the file reference a form’s file field carries. */
        post: {
            parameters: {
                query?: {
                    field?: string;
                    name?: string;
                    service?: string;
                };
                header?: {
                    "x-file-name"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            mime: string;
                            name: string;
                            sha256: string;
                            size: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/uploads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one of my uploads */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the file, with its stored type, as an attachment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                        "image/jpeg": string;
                        "image/png": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete one of my uploads that is not attached to a submitted application */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/ca/issuing.cer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Issuing CA certificate (DER), the AIA caIssuers target */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the certificate, DER */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pkix-cert": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/ca/issuing.pem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Issuing CA certificate (PEM) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the certificate, PEM */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-pem-file": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/ca/root.cer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Root CA certificate (DER) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the certificate, DER */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pkix-cert": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/ca/root.pem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Root CA certificate (PEM) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the certificate, PEM */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-pem-file": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/crl": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current CRL of the issuing CA (DER) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the CRL, DER */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pkix-crl": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/ocsp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OCSP responder (RFC 6960), body application/ocsp-request */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the OCSP response, DER */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/ocsp-response": string;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/ocsp/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OCSP over GET: the URL-encoded base64 DER request after /pki/ocsp/ */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the OCSP response, DER */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/ocsp-response": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            engine: string;
                            /** @enum {string} */
                            status: "ready";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            errors?: {
                                code: string;
                                message: {
                                    en: string;
                                    kk: string;
                                    ru: string;
                                };
                                path: string;
                            }[];
                            message: {
                                en: string;
                                kk: string;
                                ru: string;
                            };
                            path?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
