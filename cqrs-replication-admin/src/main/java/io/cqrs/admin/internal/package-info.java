/** Implementation details of the admin toolkit; may change at any time. */
package io.cqrs.admin.internal;
